namespace CtiConnector.Sip.Transactions;

/// <summary>Transaction states of RFC 3261 §17 (and Accepted of RFC 6026).</summary>
public enum TransactionState
{
    Calling,
    Trying,
    Proceeding,
    Completed,
    Confirmed,
    Accepted,
    Terminated,
}
