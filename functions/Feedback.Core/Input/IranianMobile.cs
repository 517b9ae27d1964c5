using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Feedback.Core.Input;

/// <summary>
/// An Iranian mobile number in its one canonical form, E.164 "+989121234567": the form that is stored
/// (encrypted), hashed for look-ups and given to the SMS provider. Made only by <see cref="Parse"/>.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> gives the masked form, so a number that slips into a log message or an
/// exception through string formatting is not disclosed.
/// </remarks>
public sealed record IranianMobile
{
    private const string CountryCode = "98";
    private const int NationalNumberLength = 10;

    private IranianMobile(string nationalNumber) => E164 = "+" + CountryCode + nationalNumber;

    /// <summary>"+989121234567".</summary>
    public string E164 { get; }

    /// <summary>"09121234567", the form Iranians write and read.</summary>
    public string NationalForm => "0" + E164[(1 + CountryCode.Length)..];

    /// <summary>"0912***4567": operator prefix and last four digits, for agency views.</summary>
    public string Masked => NationalForm[..4] + "***" + NationalForm[^4..];

    public override string ToString() => Masked;

    /// <summary>
    /// Accepts 09121234567, 9121234567, +989121234567, 00989121234567, 989121234567 and +98 0912…
    /// (the trunk 0 kept after the country code), in Persian, Arabic-Indic or Latin digits, with spaces,
    /// dashes, dots, parentheses or invisible right-to-left marks anywhere.
    /// </summary>
    /// <remarks>
    /// Every number of 10 national digits starting with 9 is accepted: the numbering plan reserves 09 for
    /// mobiles, and operators open new ranges inside it (099x, 094x) often enough that a prefix list would
    /// reject real citizens.
    /// </remarks>
    public static IranianMobileParseResult Parse(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
            return IranianMobileParseResult.Rejected(MobileRejection.Missing);

        var digits = new StringBuilder(input.Length);
        var plus = false;
        foreach (var c in input)
        {
            var value = KeypadDigits.ValueOf(c);
            if (value >= 0)
                digits.Append((char)('0' + value));
            else if (c == '+' && !plus && digits.Length == 0)
                plus = true;
            else if (!IsSeparator(c))
                return IranianMobileParseResult.Rejected(MobileRejection.InvalidCharacters);
        }

        return Classify(digits.ToString(), plus);
    }

    private static IranianMobileParseResult Classify(string digits, bool plus)
    {
        string national;
        bool prefixed;
        if (plus || digits.StartsWith("00", StringComparison.Ordinal))
        {
            var afterInternationalPrefix = plus ? digits : digits[2..];
            if (!afterInternationalPrefix.StartsWith(CountryCode, StringComparison.Ordinal))
                return IranianMobileParseResult.Rejected(MobileRejection.ForeignNumber);
            national = WithoutTrunkZero(afterInternationalPrefix[CountryCode.Length..]);
            prefixed = true;
        }
        else if (digits.StartsWith('0'))
        {
            national = digits[1..];
            prefixed = true;
        }
        else if (digits.StartsWith(CountryCode, StringComparison.Ordinal) && digits.Length > NationalNumberLength)
        {
            // Ten digits starting 98 are a bare national number (0981…); more are the country code without "+".
            national = WithoutTrunkZero(digits[CountryCode.Length..]);
            prefixed = true;
        }
        else
        {
            national = digits;
            prefixed = false;
        }

        if (national.StartsWith('9'))
        {
            return national.Length == NationalNumberLength
                ? IranianMobileParseResult.Accepted(new IranianMobile(national))
                : IranianMobileParseResult.Rejected(MobileRejection.WrongLength);
        }

        return prefixed && national.Length > 0
            ? IranianMobileParseResult.Rejected(MobileRejection.Landline)
            : IranianMobileParseResult.Rejected(MobileRejection.WrongLength);
    }

    private static string WithoutTrunkZero(string national) => national.StartsWith('0') ? national[1..] : national;

    private static bool IsSeparator(char c) =>
        char.IsWhiteSpace(c) || c is '-' or '.' or '(' or ')' || KeypadDigits.IsInvisibleMark(c);
}

public enum MobileRejection
{
    Missing,
    InvalidCharacters,
    ForeignNumber,
    Landline,
    WrongLength,
}

/// <summary>A normalized mobile number, or why the input is not one.</summary>
public sealed record IranianMobileParseResult
{
    private IranianMobileParseResult(IranianMobile? mobile, MobileRejection? rejection)
    {
        Mobile = mobile;
        Rejection = rejection;
    }

    public IranianMobile? Mobile { get; }

    public MobileRejection? Rejection { get; }

    [MemberNotNullWhen(true, nameof(Mobile))]
    [MemberNotNullWhen(false, nameof(Rejection), nameof(RejectionMessage))]
    public bool IsValid => Mobile is not null;

    /// <summary>An English explanation for problem details; it never repeats the number.</summary>
    public string? RejectionMessage => Rejection switch
    {
        null => null,
        MobileRejection.Missing => "A mobile number is required.",
        MobileRejection.InvalidCharacters => "A mobile number may contain only digits, a leading +, spaces, dashes, dots and parentheses.",
        MobileRejection.ForeignNumber => "Only Iranian mobile numbers (country code +98) are accepted.",
        MobileRejection.Landline => "This is an Iranian landline number; a mobile number starting with 09 is required.",
        MobileRejection.WrongLength => "An Iranian mobile number has 11 digits starting with 09, like 09121234567.",
        _ => throw new InvalidOperationException($"Unknown rejection {Rejection}."),
    };

    internal static IranianMobileParseResult Accepted(IranianMobile mobile) => new(mobile, null);

    internal static IranianMobileParseResult Rejected(MobileRejection rejection) => new(null, rejection);
}

/// <summary>
/// Digits as Iranians type them: a Persian keyboard gives ۰-۹, an Arabic one ٠-٩, others 0-9.
/// Only these three scripts count; other decimal digits (Devanagari, full-width, …) are not something
/// a citizen's phone produces here, so they are treated as any other character.
/// </summary>
internal static class KeypadDigits
{
    /// <summary>The digit's value 0-9, or -1 when <paramref name="c"/> is not a digit of the three scripts.</summary>
    public static int ValueOf(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= '\u06F0' and <= '\u06F9' => c - '\u06F0',
        >= '\u0660' and <= '\u0669' => c - '\u0660',
        _ => -1,
    };

    public static bool IsDigit(char c) => ValueOf(c) >= 0;

    /// <summary>
    /// Invisible marks that copying a number out of right-to-left text brings along (LRM, RLM, ZWNJ,
    /// bidi embeddings, BOM): never meaningful inside a number, so ignored like a space.
    /// </summary>
    public static bool IsInvisibleMark(char c) => char.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
