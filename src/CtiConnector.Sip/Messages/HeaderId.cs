namespace CtiConnector.Sip.Messages;

/// <summary>
/// Headers the stack reads often, recognised once while parsing so lookups are a byte compare.
/// Everything else is <see cref="Other"/> and kept verbatim under its own name.
/// </summary>
public enum HeaderId : byte
{
    Other = 0,
    Via,
    From,
    To,
    CallId,
    CSeq,
    MaxForwards,
    Contact,
    ContentLength,
    ContentType,
    Route,
    RecordRoute,
    Expires,
    MinExpires,
    Allow,
    Supported,
    Require,
    ProxyRequire,
    Unsupported,
    Accept,
    UserAgent,
    Server,
    WwwAuthenticate,
    ProxyAuthenticate,
    Authorization,
    ProxyAuthorization,
    AuthenticationInfo,
    ReferTo,
    ReferredBy,
    Replaces,
    Event,
    SubscriptionState,
    SessionExpires,
    MinSE,
    RetryAfter,
    Timestamp,
    ContentEncoding,
    ContentDisposition,
    PAssertedIdentity,
    RemotePartyId,
}
