namespace CtiConnector.PhoneNumbers;

/// <summary>What a parsed phone number is, as far as the numbering plan tells.</summary>
public enum PhoneNumberKind
{
    /// <summary>The input is not a phone number (empty, letters, bad country code, wrong length).</summary>
    Invalid = 0,

    /// <summary>A long number that could not be tied to a numbering plan, or a plan we do not classify.</summary>
    Unknown,

    /// <summary>A short internal number (PBX extension, or a short service number such as 112).</summary>
    Extension,

    /// <summary>A string with <c>*</c> or <c>#</c> (supplementary service code), dialled as it is.</summary>
    ServiceCode,

    /// <summary>A geographic (fixed-line) number, e.g. French 01–05.</summary>
    FixedLine,

    /// <summary>A mobile number, e.g. French 06/07.</summary>
    Mobile,

    /// <summary>A plan where fixed and mobile numbers share ranges (North America).</summary>
    FixedLineOrMobile,

    /// <summary>A non-geographic VoIP / box line, e.g. French 09.</summary>
    Voip,

    /// <summary>A free-phone number, e.g. French 0800–0805, North American 800/888.</summary>
    TollFree,

    /// <summary>Other special numbers: shared cost, premium rate, e.g. French 08 outside free-phone.</summary>
    Special,
}
