namespace CtiConnector.Contacts;

/// <summary>What a contact's number is for, as the source file labels it.</summary>
public enum ContactNumberType
{
    /// <summary>No label, or one we do not know (pager, assistant, custom labels).</summary>
    Other = 0,

    /// <summary>Work, business, office, main company line.</summary>
    Work,

    /// <summary>Home, private.</summary>
    Home,

    /// <summary>Mobile, cell.</summary>
    Mobile,

    /// <summary>Fax, work or home.</summary>
    Fax,
}
