namespace CtiConnector.Contacts;

/// <summary>
/// Splits CSV text into records (RFC 4180): fields separated by one separator character, records by
/// CRLF, LF or CR; a field in double quotes may hold separators, line breaks and doubled quotes.
/// A quote inside an unquoted field is kept as a character (as Excel does). A malformed record is
/// reported with the line it starts on and skipped up to the end of its line.
/// </summary>
internal sealed class CsvRecordReader
{
    private readonly string _text;
    private readonly char _separator;
    private int _position;
    private int _line = 1;

    public CsvRecordReader(string text, char separator, int firstLine = 1)
    {
        _text = text;
        _separator = separator;
        _line = firstLine;
    }

    /// <summary>Picks the separator that the first record uses most, outside quotes: <c>;</c>, <c>,</c> or tab.</summary>
    public static char DetectSeparator(string text)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted)
            {
                if (c is '\r' or '\n')
                {
                    break;
                }

                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }

        return tabs > commas && tabs > semicolons ? '\t' : semicolons > commas ? ';' : ',';
    }

    /// <summary>
    /// Reads the next record. Returns false at the end of the text. <paramref name="error"/> is set (and
    /// <paramref name="fields"/> incomplete) when the record is malformed.
    /// </summary>
    public bool TryRead(List<string> fields, out int lineNumber, out string? error)
    {
        fields.Clear();
        error = null;
        lineNumber = _line;
        if (_position >= _text.Length)
        {
            return false;
        }

        var field = new System.Text.StringBuilder();
        while (true)
        {
            if (_position < _text.Length && _text[_position] == '"')
            {
                var quoteLine = _line;
                _position++;
                if (!ReadQuoted(field))
                {
                    error = $"the quoted field opened on line {quoteLine} is never closed";
                    return true;
                }

                if (_position < _text.Length && _text[_position] != _separator && _text[_position] is not '\r' and not '\n')
                {
                    error = $"unexpected '{_text[_position]}' after a closing quote";
                    SkipLine();
                    return true;
                }
            }
            else
            {
                while (_position < _text.Length && _text[_position] != _separator && _text[_position] is not '\r' and not '\n')
                {
                    field.Append(_text[_position++]);
                }
            }

            fields.Add(field.ToString());
            field.Clear();
            if (_position >= _text.Length)
            {
                return true;
            }

            if (_text[_position] == _separator)
            {
                _position++;
                continue;
            }

            EndOfLine();
            return true;
        }
    }

    private bool ReadQuoted(System.Text.StringBuilder field)
    {
        while (_position < _text.Length)
        {
            var c = _text[_position++];
            if (c == '"')
            {
                if (_position < _text.Length && _text[_position] == '"')
                {
                    field.Append('"');
                    _position++;
                    continue;
                }

                return true;
            }

            if (c == '\n' || (c == '\r' && (_position >= _text.Length || _text[_position] != '\n')))
            {
                _line++;
            }

            field.Append(c);
        }

        return false;
    }

    private void SkipLine()
    {
        while (_position < _text.Length && _text[_position] is not '\r' and not '\n')
        {
            _position++;
        }

        EndOfLine();
    }

    private void EndOfLine()
    {
        if (_position < _text.Length && _text[_position] == '\r')
        {
            _position++;
        }

        if (_position < _text.Length && _text[_position] == '\n')
        {
            _position++;
        }

        _line++;
    }
}
