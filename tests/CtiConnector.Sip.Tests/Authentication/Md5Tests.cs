using System.Security.Cryptography;
using System.Text;
using CtiConnector.Sip.Authentication;

namespace CtiConnector.Sip.Tests.Authentication;

/// <summary>
/// Our MD5 (digest authentication only) against the test suite of RFC 1321 §A.5, and against .NET's MD5 for every
/// length around the padding boundaries (55, 56, 63, 64 bytes...) and several blocks.
/// </summary>
public sealed class Md5Tests
{
    [Theory]
    [InlineData("", "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("a", "0cc175b9c0f1b6a831c399e269772661")]
    [InlineData("abc", "900150983cd24fb0d6963f7d28e17f72")]
    [InlineData("message digest", "f96b697d7cb7938d525a2f31aaf161d0")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a")]
    public void HashDataMatchesTheRfc1321TestSuite(string text, string expected)
    {
        Assert.Equal(expected, Convert.ToHexStringLower(Md5.HashData(Encoding.ASCII.GetBytes(text))));
    }

    [Fact]
    public void HashDataMatchesDotNetForEveryLengthUpToFiveBlocks()
    {
        var data = new byte[320];
        new Random(1321).NextBytes(data);
        for (var length = 0; length <= data.Length; length++)
        {
#pragma warning disable CA5351 // The reference implementation the test compares with.
            var expected = MD5.HashData(data.AsSpan(0, length));
#pragma warning restore CA5351
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(Md5.HashData(data.AsSpan(0, length))));
        }
    }
}
