using Feedback.Core.Input;

namespace Feedback.Functions.Tests.Privacy;

/// <summary>
/// What must never be written down in clear: phone numbers in every form, message texts (any 20-character slice of
/// them), API keys and secrets, each also as a URL or a form would carry it. <see cref="FoundIn"/> says which of them a text holds, by label, never repeating the value.
/// </summary>
public sealed class SensitiveValues
{
    /// <summary>The shortest slice of a message that counts as repeating it.</summary>
    public const int TextSlice = 20;

    private readonly List<(string Label, string Value)> needles = [];

    /// <summary>
    /// A phone, as typed (<paramref name="typed"/>) and as its ten national digits in Latin, Persian and Arabic-Indic
    /// digits, which every written form (09…, 9…, +989…, 989…, 00989…) contains.
    /// </summary>
    public void AddPhone(string typed)
    {
        var phone = IranianMobile.Parse(typed).Mobile ?? throw new ArgumentException("not an Iranian mobile number", nameof(typed));
        var national = phone.NationalForm[1..];
        var label = $"phone {phone.Masked}";
        Add(label + " as typed", typed);
        AddEncoded(label + " as typed", typed);
        Add(label, national);
        AddEncoded(label + " in Persian digits", Digits(national, '۰'));
        AddEncoded(label + " in Arabic-Indic digits", Digits(national, '٠'));
    }

    /// <summary>A message's text: every slice of <see cref="TextSlice"/> characters of it.</summary>
    public void AddText(string label, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length < TextSlice)
            throw new ArgumentException($"a text to watch for needs at least {TextSlice} characters", nameof(text));
        for (var start = 0; start + TextSlice <= text.Length; start++)
            AddEncoded($"text of {label}", text.Substring(start, TextSlice));
    }

    /// <summary>A key or secret, and its URL-escaped form where that differs.</summary>
    public void AddSecret(string label, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        Add(label, value);
        Add(label + " (URL-escaped)", Uri.EscapeDataString(value));
    }

    /// <summary>The labels of the values <paramref name="text"/> holds.</summary>
    public IEnumerable<string> FoundIn(string? text) =>
        string.IsNullOrEmpty(text)
            ? []
            : needles.Where(needle => text.Contains(needle.Value, StringComparison.Ordinal)).Select(needle => needle.Label).Distinct(StringComparer.Ordinal);

    /// <summary>The value as it is, and as it reads in a URL or a form body (percent-encoded, a space as %20 or +).</summary>
    private void AddEncoded(string label, string value)
    {
        Add(label, value);
        var escaped = Uri.EscapeDataString(value);
        Add(label + " (URL-encoded)", escaped);
        Add(label + " (URL-encoded)", escaped.Replace("%20", "+", StringComparison.Ordinal));
    }

    private void Add(string label, string value)
    {
        if (!needles.Contains((label, value)))
            needles.Add((label, value));
    }

    private static string Digits(string ascii, char zero) => string.Concat(ascii.Select(digit => (char)(zero + (digit - '0'))));
}
