using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using Feedback.Core.Input;

namespace Feedback.Core.Items;

/// <summary>
/// The code a citizen gets back for a feedback item and types on a phone keypad to ask what happened to it:
/// 10 ASCII digits, the last a Damm check digit over the first nine. The Damm check catches every
/// single-digit error and every swap of two adjacent digits, so a mistyped code is told apart from an
/// unknown one without a look-up. The first digit is never 0, so a code never looks like a phone number.
/// </summary>
/// <remarks>
/// A new code is random, not guaranteed unique: 9×10⁸ possible codes make clashes rare but possible, so
/// the store enforces uniqueness by inserting the code only if absent, and the caller draws a new code and
/// retries when the insert finds it taken.
/// </remarks>
public sealed record TrackingCode
{
    public const int Length = 10;

    // Damm's quasigroup of order 10 (weakly totally anti-symmetric): row = interim digit, column = next digit.
    private static readonly byte[,] DammTable =
    {
        { 0, 3, 1, 7, 5, 9, 8, 6, 4, 2 },
        { 7, 0, 9, 2, 1, 5, 4, 8, 6, 3 },
        { 4, 2, 0, 6, 8, 7, 1, 3, 5, 9 },
        { 1, 7, 5, 0, 9, 8, 3, 4, 2, 6 },
        { 6, 1, 2, 3, 0, 4, 5, 9, 7, 8 },
        { 3, 6, 7, 4, 2, 0, 9, 5, 8, 1 },
        { 5, 8, 6, 9, 7, 2, 0, 1, 3, 4 },
        { 8, 9, 4, 5, 3, 6, 2, 0, 1, 7 },
        { 9, 4, 3, 8, 6, 1, 7, 2, 0, 5 },
        { 2, 5, 8, 1, 4, 3, 6, 7, 9, 0 },
    };

    private TrackingCode(string value) => Value = value;

    /// <summary>The canonical form: 10 ASCII digits, no separators.</summary>
    public string Value { get; }

    public override string ToString() => Value;

    /// <summary>A new code from the operating system's cryptographic random source.</summary>
    public static TrackingCode NewCode() => NewCode(RandomNumberGenerator.GetInt32);

    /// <summary>
    /// A new code whose digits come from <paramref name="randomBelow"/>, which returns a uniformly random
    /// integer from 0 up to (not including) its argument. Production passes a cryptographic source, so codes
    /// cannot be guessed from one another; tests pass a seeded one.
    /// </summary>
    public static TrackingCode NewCode(Func<int, int> randomBelow)
    {
        Span<char> digits = stackalloc char[Length];
        digits[0] = (char)('1' + randomBelow(9));
        for (var i = 1; i < Length - 1; i++)
            digits[i] = (char)('0' + randomBelow(10));
        digits[Length - 1] = (char)('0' + CheckDigit(digits[..(Length - 1)]));
        return new TrackingCode(new string(digits));
    }

    /// <summary>
    /// How many shards the codes fall into (<see cref="Shard"/>): the items of one intake batch share a shard, so one
    /// entity group transaction stores them (docs/capacity.md chooses the count).
    /// </summary>
    public const int Shards = 16;

    /// <summary>
    /// The code's shard, a function of its digits alone (the nine before the check digit, as a number, modulo
    /// <see cref="Shards"/>), so that every read finds an item from its code. It narrows nothing for a guesser: a random
    /// code is as likely to be issued as before, whatever its shard.
    /// </summary>
    public int Shard => (int)(long.Parse(Value.AsSpan(0, Length - 1), CultureInfo.InvariantCulture) % Shards);

    /// <summary>A new code (cryptographic digits, as <see cref="NewCode()"/>) that falls in <paramref name="shard"/>: drawn until one does, <see cref="Shards"/> draws on average.</summary>
    public static TrackingCode NewCodeIn(int shard) => NewCodeIn(shard, RandomNumberGenerator.GetInt32);

    /// <summary>A new code in <paramref name="shard"/> whose digits come from <paramref name="randomBelow"/> (<see cref="NewCode(Func{int, int})"/>).</summary>
    public static TrackingCode NewCodeIn(int shard, Func<int, int> randomBelow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, Shards);
        while (true)
        {
            var code = NewCode(randomBelow);
            if (code.Shard == shard)
                return code;
        }
    }

    /// <summary>
    /// Reads a code as a citizen typed it: Persian, Arabic-Indic or Latin digits, with spaces, dashes or
    /// invisible right-to-left marks anywhere between them.
    /// </summary>
    public static TrackingCodeParseResult Parse(string? typed)
    {
        if (typed is null)
            return TrackingCodeParseResult.Malformed;

        Span<char> digits = stackalloc char[Length];
        var count = 0;
        foreach (var c in typed)
        {
            var value = KeypadDigits.ValueOf(c);
            if (value >= 0)
            {
                if (count == Length)
                    return TrackingCodeParseResult.Malformed;
                digits[count++] = (char)('0' + value);
            }
            else if (!IsSeparator(c))
            {
                return TrackingCodeParseResult.Malformed;
            }
        }

        if (count != Length)
            return TrackingCodeParseResult.Malformed;

        // A leading 0 is never issued, so such a code, even with a matching check digit, was mistyped.
        if (digits[0] == '0' || CheckDigit(digits) != 0)
            return TrackingCodeParseResult.Mistyped;

        return TrackingCodeParseResult.Valid(new TrackingCode(new string(digits)));
    }

    /// <summary>
    /// A code as the pipeline writes it (<see cref="Value"/>: a table key, a queue message); null for anything else,
    /// the typed forms <see cref="Parse"/> tidies up included.
    /// </summary>
    public static TrackingCode? FromCanonical(string? value) =>
        Parse(value).Code is { } code && code.Value == value ? code : null;

    /// <summary>A code a store kept as its key; a key that is not one is corrupt data, never a citizen's typing.</summary>
    public static TrackingCode FromStored(string key) =>
        FromCanonical(key) ?? throw new FormatException($"the stored key '{key}' is not a tracking code");

    /// <summary>
    /// The Damm interim digit over ASCII <paramref name="digits"/>: appended to them it is the check digit,
    /// and over a whole code including its check digit it is 0 exactly when the code is intact.
    /// </summary>
    internal static int CheckDigit(ReadOnlySpan<char> digits)
    {
        var interim = 0;
        foreach (var digit in digits)
            interim = DammTable[interim, digit - '0'];
        return interim;
    }

    private static bool IsSeparator(char c) =>
        char.IsWhiteSpace(c)
        || char.GetUnicodeCategory(c) == UnicodeCategory.DashPunctuation
        || KeypadDigits.IsInvisibleMark(c);
}

public enum TrackingCodeStatus
{
    /// <summary>10 digits with a matching check digit.</summary>
    Valid,

    /// <summary>10 digits whose check digit does not match: the citizen is asked to check the code they typed.</summary>
    Mistyped,

    /// <summary>Not 10 digits, or characters other than digits and separators.</summary>
    Malformed,
}

/// <summary>What a typed tracking code turned out to be; <see cref="Code"/> is set only when it is valid.</summary>
public sealed record TrackingCodeParseResult
{
    internal static readonly TrackingCodeParseResult Mistyped = new(TrackingCodeStatus.Mistyped, null);
    internal static readonly TrackingCodeParseResult Malformed = new(TrackingCodeStatus.Malformed, null);

    private TrackingCodeParseResult(TrackingCodeStatus status, TrackingCode? code)
    {
        Status = status;
        Code = code;
    }

    public TrackingCodeStatus Status { get; }

    public TrackingCode? Code { get; }

    [MemberNotNullWhen(true, nameof(Code))]
    public bool IsValid => Status == TrackingCodeStatus.Valid;

    internal static TrackingCodeParseResult Valid(TrackingCode code) => new(TrackingCodeStatus.Valid, code);
}
