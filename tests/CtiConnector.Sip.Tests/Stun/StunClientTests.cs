using System.Buffers.Binary;
using System.Net;
using CtiConnector.Sip.Stun;

namespace CtiConnector.Sip.Tests.Stun;

/// <summary>
/// The Binding client's transactions (RFC 5389 §7.2.1) with a server played by the test in the send callback: bounded
/// retransmissions, matching by transaction id, error responses and stray messages. Short RTOs keep it quick; nothing
/// here asserts on time. The real server is in <see cref="CoturnInteropTests"/>.
/// </summary>
public sealed class StunClientTests
{
    private static readonly IPEndPoint s_server = new(IPAddress.Loopback, 3478);
    private static readonly IPEndPoint s_public = new(IPAddress.Parse("203.0.113.9"), 40000);

    private static readonly StunClientOptions s_quick = new() { InitialRto = TimeSpan.FromMilliseconds(5), MaxRequests = 4, FinalWaitFactor = 2 };

    [Fact]
    public async Task AServerThatNeverAnswersGetsTheBoundedNumberOfRequestsThenAClearFailure()
    {
        var sent = new List<byte[]>();
        var client = new StunClient((bytes, _, _) =>
        {
            lock (sent)
            {
                sent.Add(bytes.ToArray());
            }

            return ValueTask.CompletedTask;
        }, s_quick);

        var result = await client.QueryAsync(s_server, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(result.Succeeded);
        Assert.Equal("no answer from the STUN server 127.0.0.1:3478 after 4 requests in 0.05 s", result.Failure);
        Assert.Equal(4, sent.Count);
        // Retransmissions are the same request: same transaction id (RFC 5389 §7.2.1).
        Assert.All(sent, s => Assert.Equal(sent[0], s));
        Assert.True(StunMessageReader.TryRead(sent[0], out var request, out _));
        Assert.Equal(StunMessage.BindingRequest, request.MessageType);
        Assert.True(request.HasFingerprint);
    }

    [Fact]
    public async Task AnAnswerToARetransmissionEndsTheTransaction()
    {
        StunClient? client = null;
        var count = 0;
        client = new StunClient((bytes, to, _) =>
        {
            if (++count == 3)
            {
                Assert.Equal(s_server, to);
                client!.OnDatagram(SuccessFor(bytes.Span, s_public), to);
            }

            return ValueTask.CompletedTask;
        }, s_quick);

        var result = await client.QueryAsync(s_server, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(s_public, result.ReflexiveAddress);
        Assert.Equal(3, count);
    }

    [Fact]
    public async Task AnAnswerToAnotherTransactionIsIgnored()
    {
        StunClient? client = null;
        var strayConsumed = false;
        client = new StunClient((bytes, to, _) =>
        {
            var other = bytes.ToArray();
            other[8] ^= 0xFF; // another transaction id
            strayConsumed = client!.OnDatagram(SuccessFor(other, new IPEndPoint(IPAddress.Parse("198.51.100.1"), 1)), to);
            return ValueTask.CompletedTask;
        }, s_quick);

        var result = await client.QueryAsync(s_server, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(strayConsumed); // it was STUN, so it is not handed to SIP or RTP
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task AnErrorResponseIsAFailureNamingTheCode()
    {
        StunClient? client = null;
        client = new StunClient((bytes, to, _) =>
        {
            var answer = new byte[20 + 20];
            BinaryPrimitives.WriteUInt16BigEndian(answer, StunMessage.BindingErrorResponse);
            BinaryPrimitives.WriteUInt16BigEndian(answer.AsSpan(2), 20);
            bytes.Span[4..20].CopyTo(answer.AsSpan(4));
            // ERROR-CODE 500 "Server Error" (4 + 12 bytes).
            BinaryPrimitives.WriteUInt16BigEndian(answer.AsSpan(20), StunAttributeType.ErrorCode);
            BinaryPrimitives.WriteUInt16BigEndian(answer.AsSpan(22), 16);
            answer[26] = 5;
            answer[27] = 0;
            "Server Error"u8.CopyTo(answer.AsSpan(28));
            client!.OnDatagram(answer, to);
            return ValueTask.CompletedTask;
        }, s_quick);

        var result = await client.QueryAsync(s_server, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("the STUN server 127.0.0.1:3478 answered 500 Server Error", result.Failure);
    }

    [Fact]
    public void OtherTrafficIsLeftToTheSocketOwner()
    {
        var client = new StunClient((_, _, _) => ValueTask.CompletedTask);

        Assert.False(client.OnDatagram("SIP/2.0 200 OK\r\n\r\n"u8, s_server));
    }

    /// <summary>A Binding success response to <paramref name="request"/> with XOR-MAPPED-ADDRESS <paramref name="mapped"/> (IPv4).</summary>
    private static byte[] SuccessFor(ReadOnlySpan<byte> request, IPEndPoint mapped)
    {
        var answer = new byte[20 + 12];
        BinaryPrimitives.WriteUInt16BigEndian(answer, StunMessage.BindingSuccessResponse);
        BinaryPrimitives.WriteUInt16BigEndian(answer.AsSpan(2), 12);
        request[4..20].CopyTo(answer.AsSpan(4));
        BinaryPrimitives.WriteUInt16BigEndian(answer.AsSpan(20), StunAttributeType.XorMappedAddress);
        BinaryPrimitives.WriteUInt16BigEndian(answer.AsSpan(22), 8);
        answer[25] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(answer.AsSpan(26), (ushort)(mapped.Port ^ 0x2112));
        var address = mapped.Address.GetAddressBytes();
        for (var i = 0; i < 4; i++)
        {
            answer[28 + i] = (byte)(address[i] ^ answer[4 + i]);
        }

        return answer;
    }
}
