using System.Text;
using System.Text.RegularExpressions;
using Feedback.Core.Input;

namespace Feedback.Core.Privacy;

/// <summary>
/// Finds the personal data a citizen may type into a message and masks it with <see cref="Mask"/>: Iranian mobile
/// and landline numbers (0XX…, +98…, 0098…), national ID numbers (کد ملی: ten digits whose last is the check digit
/// of the other nine), bank card numbers (sixteen digits that pass the Luhn check) and e-mail addresses. Digits in
/// any script (ASCII, Persian, Arabic-Indic) count, also split by spaces, dashes, dots, parentheses or invisible
/// marks. A number is masked as a whole, or each of its groups that is one on its own. Other numbers (amounts,
/// dates, bill and plate numbers) stay: the clerk needs them. A tracking code that happens to pass the national
/// ID check is masked too: better one code too many than one national ID too few.
/// </summary>
public static partial class PersonalData
{
    public const string Mask = "***";

    /// <summary>The text with every piece of personal data replaced by <see cref="Mask"/>; the same string when there is none.</summary>
    public static string MaskIn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var withoutEmails = Email().Replace(text, Mask);
        return NumberRun().Replace(withoutEmails, MaskNumber);
    }

    private static string MaskNumber(Match run)
    {
        if (IsPersonal(run.Value))
            return Mask;
        var groups = Separator().Split(run.Value);
        if (groups.Length == 1 || !groups.Any(IsPersonal))
            return run.Value;
        var masked = new StringBuilder(run.Value.Length);
        var at = 0;
        foreach (var group in groups)
        {
            var start = run.Value.IndexOf(group, at, StringComparison.Ordinal);
            masked.Append(run.Value, at, start - at).Append(IsPersonal(group) ? Mask : group);
            at = start + group.Length;
        }
        return masked.Append(run.Value, at, run.Value.Length - at).ToString();
    }

    /// <summary>Whether the digits (in any script, separators ignored) are a phone, national ID or card number.</summary>
    public static bool IsPersonal(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        var digits = new StringBuilder(number.Length);
        foreach (var c in number)
        {
            if (KeypadDigits.ValueOf(c) is >= 0 and var value)
                digits.Append((char)('0' + value));
        }
        var plain = digits.ToString();
        var international = number.TrimStart().StartsWith('+') || plain.StartsWith("00", StringComparison.Ordinal);
        return IsMobile(plain, international) || IsLandline(plain, international) || IsNationalId(plain) || IsCardNumber(plain);
    }

    private static bool IsMobile(string digits, bool international) =>
        (international || digits.StartsWith('0') || digits.StartsWith("98", StringComparison.Ordinal)) && IranianMobile.Parse((international && !digits.StartsWith("00", StringComparison.Ordinal) ? "+" : "") + digits).IsValid;

    /// <summary>0 + a two-digit area code (11–87) + an eight-digit number, or the same after +98 / 0098 without the 0.</summary>
    private static bool IsLandline(string digits, bool international)
    {
        var national = international
            ? (digits.StartsWith("0098", StringComparison.Ordinal) ? digits[4..] : digits.StartsWith("98", StringComparison.Ordinal) ? digits[2..] : null)
            : digits.StartsWith('0') ? digits[1..] : null;
        if (national is null)
            return false;
        if (national.StartsWith('0'))
            national = national[1..];
        return national.Length == 10 && national[0] is >= '1' and <= '8';
    }

    /// <summary>The national ID's check: r = Σ digit[i]·(10−i) over the first nine, mod 11; the tenth is r below 2, else 11 − r.</summary>
    public static bool IsNationalId(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (digits.Length != 10 || digits.All(c => c == digits[0]))
            return false;
        var sum = 0;
        for (var index = 0; index < 9; index++)
            sum += (digits[index] - '0') * (10 - index);
        var remainder = sum % 11;
        return digits[9] - '0' == (remainder < 2 ? remainder : 11 - remainder);
    }

    public static bool IsCardNumber(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (digits.Length != 16 || digits.All(c => c == digits[0]))
            return false;
        var sum = 0;
        for (var index = 0; index < 16; index++)
        {
            var digit = digits[15 - index] - '0';
            if (index % 2 == 1)
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            sum += digit;
        }
        return sum % 10 == 0;
    }

    // A run of digits in any script, optionally led by + or (, whose digits may be split by up to two separators at a time ("(021) 8877…").
    [GeneratedRegex(@"[+(]?\p{Nd}(?:[ \-.()\u200c\u200e\u200f]{0,2}\p{Nd})+")]
    private static partial Regex NumberRun();

    [GeneratedRegex(@"[ \-.()\u200c\u200e\u200f]+")]
    private static partial Regex Separator();

    [GeneratedRegex(@"[\p{L}\p{Nd}._%+\-]+@[\p{L}\p{Nd}\-]+(?:\.[\p{L}\p{Nd}\-]+)+")]
    private static partial Regex Email();
}
