using System.Text.Json;
using System.Text.Json.Serialization;

namespace CtiConnector.Api.Json;

/// <summary>Writes and reads an enum as a kebab-case string (<c>NoAnswer</c> ↔ <c>no-answer</c>); numbers are refused.</summary>
public sealed class KebabCaseEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    public KebabCaseEnumConverter()
        : base(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    {
    }
}
