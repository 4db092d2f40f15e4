using System.Text;
using CtiConnector.Core.Calls;
using CtiConnector.Core.Contacts;
using CtiConnector.Core.Numbers;
using CtiConnector.Core.Tests.Fakes;

namespace CtiConnector.Core.Tests.Contacts;

public sealed class ContactImportTests
{
    private static readonly INumberNormalizer Normalizer = PhoneNumberNormalizer.ForCountry("FR");

    [Fact]
    public async Task ACsvImportIsStoredWithNumbersMatchedLikeIncomingCalls()
    {
        await using var f = await CallCenterFixture.StartAsync(fileReader: ContactFileReader.ForCountry("FR", Normalizer));
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes("Name,Company,Mobile\nBob Durand,Durand SA,06 11 22 33 44\n"));

        var summary = await f.Center.ImportContactsAsync("text/csv", csv, CancellationToken.None);
        f.Telephony.Raise(new Core.Telephony.CallStarted(DateTimeOffset.UnixEpoch, "in", null, Core.Model.CallDirection.Inbound, "+33611223344", "sip:x@y", null));
        var incoming = await f.NextCallEventAsync(Core.Events.EventTypes.CallIncoming);

        Assert.Equal(1, summary.Inserted);
        Assert.Equal("Bob Durand", incoming.Call.Contact?.Name);
    }

    [Fact]
    public async Task AnImportInAnUnknownFormatIsRefused()
    {
        await using var f = await CallCenterFixture.StartAsync(fileReader: ContactFileReader.ForCountry("FR", Normalizer));
        using var body = new MemoryStream("x"u8.ToArray());

        var error = await Assert.ThrowsAsync<CallCenterException>(() => f.Center.ImportContactsAsync("application/pdf", body, CancellationToken.None));

        Assert.Equal("unsupported-media-type", error.Code);
    }
}
