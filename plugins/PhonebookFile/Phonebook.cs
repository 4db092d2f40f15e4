using System.Collections.Frozen;
using CtiConnector.Contacts;
using CtiConnector.PhoneNumbers;

namespace CtiConnector.Plugins.PhonebookFile;

/// <summary>An immutable index of a phonebook file's contacts by number (E.164, else the dialled digits).</summary>
internal sealed class Phonebook
{
    public static readonly Phonebook Empty = new(FrozenDictionary<string, PluginContact>.Empty, 0);

    private readonly FrozenDictionary<string, PluginContact> _byNumber;

    private Phonebook(FrozenDictionary<string, PluginContact> byNumber, int contacts)
    {
        _byNumber = byNumber;
        Contacts = contacts;
    }

    /// <summary>Contacts read from the file.</summary>
    public int Contacts { get; }

    /// <summary>Numbers indexed.</summary>
    public int Numbers => _byNumber.Count;

    /// <summary>Indexes <paramref name="cards"/>; the first contact listed wins a number shared by several.</summary>
    public static Phonebook Build(IReadOnlyList<ContactCard> cards, PhoneNumberParser parser)
    {
        var index = new Dictionary<string, PluginContact>(StringComparer.Ordinal);
        foreach (var card in cards)
        {
            PluginContact? contact = null;
            foreach (var number in card.Numbers)
            {
                if (Key(parser, number.Raw) is not { } key)
                {
                    continue;
                }

                contact ??= new PluginContact(card.ExternalId ?? "phonebook:" + key, card.Name, card.Company, card.CrmUrl, card.Email);
                index.TryAdd(key, contact);
            }
        }

        return new Phonebook(index.ToFrozenDictionary(StringComparer.Ordinal), cards.Count);
    }

    /// <summary>The index key of <paramref name="raw"/>, or null when it is not a number.</summary>
    public static string? Key(PhoneNumberParser parser, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        try
        {
            return parser.Parse(raw).MatchKey;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public PluginContact? Find(string? key) => key is not null && _byNumber.TryGetValue(key, out var contact) ? contact : null;
}
