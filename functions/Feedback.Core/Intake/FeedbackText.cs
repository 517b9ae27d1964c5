using System.Diagnostics.CodeAnalysis;
using Feedback.Core.Input;

namespace Feedback.Core.Intake;

/// <summary>The rules for the text of a citizen's message, whichever channel it came through.</summary>
public static class FeedbackText
{
    /// <summary>
    /// Counted in UTF-16 code units after trimming, the way a browser counts a text area's maxlength,
    /// so the web form's limit and this one agree.
    /// </summary>
    public const int MaxLength = 2000;

    /// <summary>
    /// The trimmed text with line breaks as "\n", or every rule it breaks. Control characters other than
    /// newline and tab are refused (with the index of the first one in the text as received), because they
    /// break storage, SMS and CSV exports downstream; a carriage return is a line break (text areas send
    /// "\r\n") and becomes "\n". Unpaired surrogates are refused because no encoding can store them.
    /// </summary>
    public static FeedbackTextValidation Validate(string? text, string field = "text")
    {
        if (text is null || !text.Any(IsVisible))
            return FeedbackTextValidation.Invalid([new FieldError(field, "A feedback text is required.")]);

        var errors = new List<FieldError>();
        var controlIndex = IndexOfForbiddenControl(text);
        if (controlIndex >= 0)
        {
            errors.Add(new FieldError(
                field,
                $"The text contains the control character U+{(int)text[controlIndex]:X4} at index {controlIndex}; only newline and tab are allowed."));
        }

        var surrogateIndex = IndexOfUnpairedSurrogate(text);
        if (surrogateIndex >= 0)
            errors.Add(new FieldError(field, $"The text contains an invalid (unpaired surrogate) character at index {surrogateIndex}."));

        var cleaned = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
        if (cleaned.Length > MaxLength)
            errors.Add(new FieldError(field, $"The text has {cleaned.Length} characters; at most {MaxLength} are allowed."));

        return errors.Count == 0 ? FeedbackTextValidation.Valid(cleaned) : FeedbackTextValidation.Invalid(errors);
    }

    /// <summary>Whitespace and invisible marks (a lone ZWNJ or RLM pasted from a chat) do not make a message.</summary>
    private static bool IsVisible(char c) => !char.IsWhiteSpace(c) && !KeypadDigits.IsInvisibleMark(c);

    private static int IndexOfForbiddenControl(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]) && text[i] is not ('\n' or '\t' or '\r'))
                return i;
        }
        return -1;
    }

    private static int IndexOfUnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(text[i]))
                return i;
        }
        return -1;
    }
}

/// <summary>The cleaned text, or the field errors that explain why it was refused.</summary>
public sealed record FeedbackTextValidation
{
    private FeedbackTextValidation(string? text, IReadOnlyList<FieldError> errors)
    {
        Text = text;
        Errors = errors;
    }

    public string? Text { get; }

    public IReadOnlyList<FieldError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Text))]
    public bool IsValid => Text is not null;

    internal static FeedbackTextValidation Valid(string text) => new(text, []);

    internal static FeedbackTextValidation Invalid(IReadOnlyList<FieldError> errors) => new(null, errors);
}
