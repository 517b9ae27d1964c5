namespace Feedback.Storage.Tables;

/// <summary>The Table service's naming rules, checked before a request so that a bad name fails with a clear message.</summary>
public static class TableNames
{
    public const int MaxPropertyNameLength = 255;

    /// <summary>Letters and digits, starting with a letter, 3 to 63 long.</summary>
    public static string ValidateTable(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Length is < 3 or > 63 || !char.IsAsciiLetter(table[0]) || !table.All(char.IsAsciiLetterOrDigit))
            throw new ArgumentException($"Table name '{table}' must be 3 to 63 ASCII letters and digits, starting with a letter.", nameof(table));
        return table;
    }

    /// <summary>Whether the service would take <paramref name="key"/> as a key (for keys that come from outside, such as a provider's ids).</summary>
    public static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= 512 } && !key.Any(character => character is '/' or '\\' or '#' or '?' || char.IsControl(character));

    /// <summary>The service refuses / \ # ? and control characters (U+0000–U+001F, U+007F–U+009F) in keys.</summary>
    public static string ValidateKey(string key, string keyName)
    {
        ArgumentNullException.ThrowIfNull(key, keyName);
        for (var index = 0; index < key.Length; index++)
        {
            var character = key[index];
            if (character is '/' or '\\' or '#' or '?' || char.IsControl(character))
            {
                // The key itself is not echoed: keys can be derived from personal data.
                var shown = char.IsControl(character) ? $"control character U+{(int)character:X4}" : $"'{character}'";
                throw new ArgumentException(
                    $"{keyName} has {shown} at position {index}: Table Storage keys cannot contain / \\ # ? or control characters.",
                    keyName);
            }
        }

        return key;
    }

    /// <summary>Property names are C#-style identifiers: a letter or underscore, then letters, digits or underscores.</summary>
    public static string ValidateProperty(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var valid = name.Length is > 0 and <= MaxPropertyNameLength
            && (char.IsLetter(name[0]) || name[0] == '_')
            && name.All(character => char.IsLetterOrDigit(character) || character == '_');
        if (!valid)
            throw new ArgumentException(
                $"Property name '{name}' must be an identifier (a letter or '_', then letters, digits or '_'), at most {MaxPropertyNameLength} characters.",
                nameof(name));
        return name;
    }
}
