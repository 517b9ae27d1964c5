namespace Feedback.Core.Input;

/// <summary>
/// One thing wrong with one input field, in English, for the "errors" member of RFC 7807 problem details.
/// <see cref="Field"/> is the field's name as the client sent it ("text", "items[3].text").
/// </summary>
public sealed record FieldError(string Field, string Message);
