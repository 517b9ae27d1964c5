namespace Feedback.Storage.Tables;

/// <summary>The Table service's rule for keys, for keys that come from outside (a provider's ids, a user id).</summary>
public static class TableNames
{
    /// <summary>Whether the service would take <paramref name="key"/> as a key: 1 to 512 characters without / \ # ? or a control character.</summary>
    public static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= 512 } && !key.Any(character => character is '/' or '\\' or '#' or '?' || char.IsControl(character));
}
