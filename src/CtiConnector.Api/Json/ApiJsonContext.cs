using System.Text.Json;
using System.Text.Json.Serialization;
using CtiConnector.Core.Model;
using CtiConnector.Core.Storage;

namespace CtiConnector.Api.Json;

/// <summary>Source-generated JSON for every shape of the API (camelCase, enums as kebab-case strings).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters =
    [
        typeof(KebabCaseEnumConverter<CallDirection>),
        typeof(KebabCaseEnumConverter<CallState>),
        typeof(KebabCaseEnumConverter<CallDisposition>),
        typeof(KebabCaseEnumConverter<RegistrationState>),
    ])]
[JsonSerializable(typeof(DialBody))]
[JsonSerializable(typeof(DtmfBody))]
[JsonSerializable(typeof(TransferBody))]
[JsonSerializable(typeof(HistoryPatchBody))]
[JsonSerializable(typeof(PairBody))]
[JsonSerializable(typeof(PairingActionBody))]
[JsonSerializable(typeof(PairResult))]
[JsonSerializable(typeof(IReadOnlyList<PairingInfo>))]
[JsonSerializable(typeof(ImportResult))]
[JsonSerializable(typeof(IReadOnlyList<CtiConnector.Api.Plugins.PluginSummary>))]
[JsonSerializable(typeof(IReadOnlyList<CtiConnector.Api.Presets.PresetSummary>))]
[JsonSerializable(typeof(List<CtiConnector.Api.Security.PairingRecord>))]
[JsonSerializable(typeof(ProblemBody))]
[JsonSerializable(typeof(StatusBody))]
[JsonSerializable(typeof(CallInfo))]
[JsonSerializable(typeof(IReadOnlyList<CallInfo>))]
[JsonSerializable(typeof(HistoryRecord))]
[JsonSerializable(typeof(IReadOnlyList<HistoryRecord>))]
[JsonSerializable(typeof(Contact))]
[JsonSerializable(typeof(IReadOnlyList<Contact>))]
[JsonSerializable(typeof(ContactImportSummary))]
[JsonSerializable(typeof(SnapshotEventBody))]
[JsonSerializable(typeof(RegistrationEventBody))]
[JsonSerializable(typeof(DroppedEventBody))]
[JsonSerializable(typeof(PairingEventBody))]
[JsonSerializable(typeof(SignInLink))]
[JsonSerializable(typeof(DoNotDisturbBody))]
[JsonSerializable(typeof(AccountInfo))]
[JsonSerializable(typeof(DoNotDisturbEventBody))]
[JsonSerializable(typeof(UiSettingsBody))]
[JsonSerializable(typeof(Dictionary<string, DateTimeOffset>))]
[JsonSerializable(typeof(CallEventBody))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
