using CtiConnector.Sip.Messages;
using CtiConnector.Sip.UserAgent.Registration;

namespace CtiConnector.Sip.UserAgent.Tests.Registration;

/// <summary>
/// Behind a NAT (RFC 3581): the registrar's <c>received</c>/<c>rport</c> in our Via, when they differ from our Contact,
/// make the client register that address instead, once, dropping the old binding; a STUN-given public address goes in
/// Contact and Via from the start. In-memory transport and manual clock; the sipp registrar test does it on the wire.
/// </summary>
public sealed class ReflexiveContactTests
{
    [Fact]
    public async Task ADifferentReceivedAndRportLeadToOneNewRegisterWithThatContact()
    {
        var registrar = new FakeRegistrar();
        await registrar.StartAsync();

        registrar.Answer(200, (request, response) => SeenFrom(response, "203.0.113.5", 40123, request));

        Assert.Equal(2, registrar.Registers.Count);
        var contacts = registrar.Last.Headers.GetValues(HeaderId.Contact).ToList();
        Assert.Equal(["<sip:alice@203.0.113.5:40123>;expires=3600", "<sip:alice@127.0.0.1:5060>;expires=0"], contacts);
        Assert.Equal(System.Net.IPEndPoint.Parse("203.0.113.5:40123"), registrar.Client.PublicContact);

        // The registrar keeps saying something else: no loop.
        registrar.Answer(200, (request, response) => SeenFrom(response, "198.51.100.77", 1024, request));
        Assert.Equal(2, registrar.Registers.Count);
        Assert.Equal(RegistrationState.Registered, registrar.Client.Status.State);

        // Refreshes keep the public Contact and no longer remove the old one.
        registrar.Time.Advance(TimeSpan.FromSeconds(3600));
        Assert.Equal(["<sip:alice@203.0.113.5:40123>;expires=3600"], registrar.Last.Headers.GetValues(HeaderId.Contact).ToList());
    }

    [Fact]
    public async Task TheSameAddressAndPortChangeNothing()
    {
        var registrar = new FakeRegistrar();
        await registrar.StartAsync();

        registrar.Answer(200, (request, response) => SeenFrom(response, "127.0.0.1", 5060, request));

        Assert.Single(registrar.Registers);
        Assert.Null(registrar.Client.PublicContact);
    }

    [Fact]
    public async Task AStunAddressGoesInContactAndVia()
    {
        var registrar = new FakeRegistrar(o => new RegistrationOptions
        {
            Aor = o.Aor,
            Registrar = o.Registrar,
            PublicEndPoint = System.Net.IPEndPoint.Parse("203.0.113.9:5999"),
        });

        await registrar.StartAsync();

        Assert.Equal("<sip:alice@203.0.113.9:5999>;expires=3600", registrar.Last.Headers[HeaderId.Contact]);
        Assert.Equal(("203.0.113.9", 5999), (registrar.Last.TopVia!.Host, registrar.Last.TopVia.Port));
        Assert.True(registrar.Last.TopVia.HasRPort);
    }

    /// <summary>What a registrar behind which we sit does (RFC 3581 §4): the top Via of its answer gets received and rport.</summary>
    private static void SeenFrom(SipResponse response, string address, int port, SipRequest request)
    {
        var via = request.TopVia!;
        via.Parameters.Set("received", address);
        via.Parameters.Set("rport", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Headers.RemoveFirstValue(HeaderId.Via);
        response.Headers.Prepend(HeaderId.Via, via.ToString());
        var contact = NameAddress.Parse(request.Headers[HeaderId.Contact]!);
        contact.Parameters.Set("expires", "3600");
        response.Headers.Add(HeaderId.Contact, contact.ToString());
    }
}
