namespace CtiConnector.PhoneNumbers.Tests;

/// <summary>Reads the tab-separated cases under Fixtures/ (country, outside line, input, e164, kind, display, national).</summary>
public static class NumberFixtures
{
    public static TheoryData<NumberCase> Load(params string[] files)
    {
        var data = new TheoryData<NumberCase>();
        foreach (var file in files)
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", file);
            var lineNumber = 0;
            foreach (var line in File.ReadLines(path))
            {
                lineNumber++;
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                var cells = line.Split('\t');
                if (cells.Length != 7)
                {
                    throw new InvalidDataException($"{file}:{lineNumber}: expected 7 cells, found {cells.Length}");
                }

                data.Add(new NumberCase($"{file}:{lineNumber}", cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6]));
            }
        }

        return data;
    }
}

/// <summary>One fixture row; <c>~</c> means null, <c>*</c> means not checked.</summary>
public sealed record NumberCase(
    string Where, string Country, string OutsideLine, string Input, string E164, string Kind, string Display, string National)
{
    public override string ToString() => $"{Where} [{Country}{(OutsideLine.Length > 0 ? "/" + OutsideLine : "")}] '{Input}'";
}
