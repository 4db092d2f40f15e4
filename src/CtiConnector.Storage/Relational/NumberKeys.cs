namespace CtiConnector.Storage.Relational;

/// <summary>Digit strings stored beside numbers so that prefix and suffix searches can use plain indexes.</summary>
internal static class NumberKeys
{
    /// <summary>Upper bound (exclusive) of a range holding every digit string starting with a prefix: ':' follows '9'.</summary>
    public static string PrefixEnd(string prefix) => prefix + ":";

    public static string Digits(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        return string.Create(CountDigits(text), text, static (span, source) =>
        {
            var i = 0;
            foreach (var c in source)
            {
                if (char.IsAsciiDigit(c))
                {
                    span[i++] = c;
                }
            }
        });
    }

    /// <summary>The digits in reverse order: "ends with the match key" becomes an indexable prefix range.</summary>
    public static string ReversedDigits(string? text)
    {
        var digits = Digits(text).ToCharArray();
        Array.Reverse(digits);
        return new string(digits);
    }

    /// <summary>True when <paramref name="text"/> looks like (part of) a phone number rather than a name.</summary>
    public static bool LooksLikeNumber(string text)
    {
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not (' ' or '+' or '-' or '.' or '(' or ')' or '/'))
            {
                return false;
            }
        }

        return digits > 0;
    }

    private static int CountDigits(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                count++;
            }
        }

        return count;
    }
}
