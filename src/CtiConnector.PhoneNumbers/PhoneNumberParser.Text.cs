namespace CtiConnector.PhoneNumbers;

/// <summary>URI unwrapping and digit extraction.</summary>
public sealed partial class PhoneNumberParser
{
    /// <summary>
    /// Unwraps <c>tel:</c>, <c>sip:</c>, <c>sips:</c> and <c>callto:</c> URIs to the number they carry.
    /// Returns false when the text is not a URI.
    /// </summary>
    private static bool TryStripUri(ref ReadOnlySpan<char> text, scoped ref string? context, scoped ref string? extension, out PhoneNumberError error)
    {
        error = PhoneNumberError.None;
        var colon = text.IndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        var scheme = text[..colon];
        var rest = text[(colon + 1)..];
        if (scheme.Equals("tel", StringComparison.OrdinalIgnoreCase) || scheme.Equals("callto", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest.TrimStart('/');
            text = SplitParameters(rest, ref context, ref extension);
            return true;
        }

        if (!scheme.Equals("sip", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("sips", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // RFC 3261 §19.1.1: sip:user:password@host;uri-parameters?headers — the number is the user part.
        var at = rest.IndexOf('@');
        if (at < 0)
        {
            error = PhoneNumberError.NotATelephoneUri;
            return true;
        }

        var user = rest[..at];
        var password = user.IndexOf(':');
        if (password >= 0)
        {
            user = user[..password];
        }

        if (user.Contains('%'))
        {
            user = Uri.UnescapeDataString(user.ToString());
        }

        // RFC 3261 §19.1.6: with user=phone the user part is a telephone-subscriber, which may carry parameters.
        user = SplitParameters(user, ref context, ref extension);
        foreach (var c in user)
        {
            if (char.IsAsciiLetter(c))
            {
                error = PhoneNumberError.NotATelephoneUri;
                return true;
            }
        }

        text = user;
        return true;
    }

    /// <summary>Cuts RFC 3966 parameters off a number, keeping a global <c>phone-context</c> as digits.</summary>
    private static ReadOnlySpan<char> SplitParameters(ReadOnlySpan<char> value, scoped ref string? context, scoped ref string? extension)
    {
        var semicolon = value.IndexOf(';');
        if (semicolon < 0)
        {
            return value;
        }

        var parameters = value[(semicolon + 1)..];
        while (!parameters.IsEmpty)
        {
            var end = parameters.IndexOf(';');
            var parameter = end < 0 ? parameters : parameters[..end];
            parameters = end < 0 ? default : parameters[(end + 1)..];
            const string Name = "phone-context=";
            const string Ext = "ext=";
            if (parameter.StartsWith(Ext, StringComparison.OrdinalIgnoreCase) && IsDigits(parameter[Ext.Length..]))
            {
                extension = parameter[Ext.Length..].ToString();
            }

            if (parameter.StartsWith(Name, StringComparison.OrdinalIgnoreCase))
            {
                var contextValue = parameter[Name.Length..].Trim();

                // A domain name context (phone-context=example.com) says nothing about the country.
                if (contextValue.StartsWith('+'))
                {
                    var digits = new char[contextValue.Length];
                    var count = 0;
                    foreach (var c in contextValue)
                    {
                        if (char.IsAsciiDigit(c))
                        {
                            digits[count++] = c;
                        }
                    }

                    context = new string(digits, 0, count);
                }
            }
        }

        return value[..semicolon];
    }

    /// <summary>
    /// Cuts a written extension off the end of a number: <c>01 23 45 67 89 poste 12</c>,
    /// <c>+1 212 555 0123 ext. 45</c>, <c>x45</c>. Anything else with letters is left for the tokenizer to refuse.
    /// </summary>
    private static ReadOnlySpan<char> StripExtension(ReadOnlySpan<char> text, scoped ref string? extension)
    {
        var letter = text.IndexOfAnyInRange('A', 'z');
        if (letter <= 0)
        {
            return text;
        }

        var tail = text[letter..];
        ReadOnlySpan<string> markers = ["extension", "extn", "ext", "poste", "x", "p"];
        foreach (var marker in markers)
        {
            if (!tail.StartsWith(marker, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var digits = tail[marker.Length..].TrimStart(". :").Trim();
            if (IsDigits(digits))
            {
                extension = digits.ToString();
                return text[..letter];
            }
        }

        return text;
    }

    private static bool IsDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');

    /// <summary>
    /// Copies the digits (and <c>* #</c>) of <paramref name="text"/> into <paramref name="digits"/>, skipping
    /// visual separators (RFC 3966 §5.1.1: <c>- . ( )</c>, plus spaces and slashes people type) and a
    /// <c>(0)</c> written after a country code.
    /// </summary>
    private static PhoneNumberError Tokenize(ReadOnlySpan<char> text, Span<char> digits, out int count, out bool plus, out bool service)
    {
        count = 0;
        plus = false;
        service = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c) || c is '*' or '#')
            {
                if (count == digits.Length)
                {
                    return PhoneNumberError.TooLong;
                }

                service |= c is '*' or '#';
                digits[count++] = c;
            }
            else if (c == '+')
            {
                if (count > 0 || plus)
                {
                    return PhoneNumberError.InvalidCharacter;
                }

                plus = true;
            }
            else if (c == '(' && count > 0 && i + 2 < text.Length && text[i + 1] == '0' && text[i + 2] == ')')
            {
                i += 2;
            }
            else if (!IsSeparator(c))
            {
                return PhoneNumberError.InvalidCharacter;
            }
        }

        return count == 0 ? PhoneNumberError.Empty : PhoneNumberError.None;
    }

    private static bool IsSeparator(char c) => c switch
    {
        ' ' or '\t' or '-' or '.' or '(' or ')' or '/' or '\u00A0' or '\u2009' or '\u202F' or '\u2212' => true,
        >= '\u2010' and <= '\u2015' => true,
        _ => false,
    };
}
