using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Feedback.Classification.Normalization;

/// <summary>
/// Brings the many ways Iranians type the same Persian message to one form, so that classification,
/// duplicate detection and search see one word where the keyboard produced several:
/// Arabic letter forms, three digit scripts, diacritics, tatweel, half-space variants of affixes,
/// stretched letters, URLs and phone numbers (placeholders), emoji (kept as tokens).
/// The output is space-separated tokens; it is for machines, never shown to people.
/// </summary>
public static partial class PersianNormalizer
{
    public const string UrlToken = "<url>";
    public const string EmailToken = "<email>";
    public const string PhoneToken = "<phone>";

    private const char ZeroWidthNonJoiner = '\u200C';
    private const char PersianYeh = 'ی';
    private const char PersianKeheh = 'ک';
    private const char Heh = 'ه';
    private const char Alef = 'ا';
    private const char AlefWithMadda = 'آ';
    private const char QuestionMark = '؟';

    private static readonly HashSet<string> Prefixes = new(StringComparer.Ordinal) { "می", "نمی" };

    /// <summary>Suffixes joined to the word before them even across a space: standing alone they are not words.</summary>
    private static readonly HashSet<string> Suffixes = new(StringComparer.Ordinal)
    {
        "ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان", "ترین",
    };

    /// <summary>«تر» alone is also the adjective "wet» (زباله تر): across a space it is a comparative only before «از».</summary>
    private static readonly HashSet<string> ComparativeSuffixes = new(StringComparer.Ordinal) { "تر", "تری" };

    private const string Than = "از";

    /// <summary>The ezafe written as a separate «ی» after a final «ه» (خانه ی، خانه‌ی), the same as «خانۀ» once ۀ becomes ه.</summary>
    private const string Ezafe = "ی";

    // "(:" and "):" are the same faces typed in right-to-left text.
    private static readonly (string Emoticon, string Emoji)[] Emoticons =
    [
        (":-)", "🙂"), (":)", "🙂"), ("(:", "🙂"), (":-(", "🙁"), (":(", "🙁"), ("):", "🙁"), (":-d", "😀"), (":d", "😀"),
    ];

    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return string.Empty;

        var mapped = MapCharacters(text);
        mapped = ReplacePlaceholders(mapped);
        return Tokenize(mapped);
    }

    /// <summary>Letter forms, digits, diacritics, invisible characters and case, character by character; placeholders already in the text pass through.</summary>
    private static string MapCharacters(string text)
    {
        var buffer = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            var length = 0;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '<' && TryReadPlaceholder(text, i, out var placeholder))
                {
                    // Already-normalized text keeps its placeholders, so normalizing twice changes nothing.
                    placeholder.CopyTo(buffer.AsSpan(length));
                    length += placeholder.Length;
                    i += placeholder.Length - 1;
                    continue;
                }
                if (c == Alef && i + 1 < text.Length && text[i + 1] == '\u0653')
                {
                    buffer[length++] = AlefWithMadda;
                    i++;
                    continue;
                }
                var mappedChar = MapCharacter(c);
                if (mappedChar != '\0')
                    buffer[length++] = mappedChar;
            }
            return new string(buffer, 0, length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>The mapped character, or '\0' to drop it.</summary>
    internal static char MapCharacter(char c)
    {
        switch (c)
        {
            case '\u064A' or '\u0649' or '\u06D2' or '\u06D0': return PersianYeh;
            case '\u0643' or '\u06AA': return PersianKeheh;
            case '\u06C0' or '\u0629' or '\u06BE' or '\u06C1' or '\u06D5': return Heh;
            case '\u0623' or '\u0625' or '\u0671': return Alef;
            case '\u0624': return 'و';
            case >= '\u06F0' and <= '\u06F9': return (char)('0' + (c - '\u06F0'));
            case >= '\u0660' and <= '\u0669': return (char)('0' + (c - '\u0660'));
            case >= '\u064B' and <= '\u065F': return '\0';
            case '\u0670' or '\u0640': return '\0';
            case >= '\u0610' and <= '\u061A': return '\0';
            case >= '\u06D6' and <= '\u06ED': return '\0';
            case ZeroWidthNonJoiner: return ZeroWidthNonJoiner;
            case '\u200B' or '\u200D' or '\uFEFF' or '\u00AD' or '\u200E' or '\u200F': return '\0';
            case >= '\u202A' and <= '\u202E': return '\0';
            case >= '\u2066' and <= '\u2069': return '\0';
            case '\uFE0F' or '\uFE0E': return '\0';
            case '<' or '>': return ' ';
            case '?': return QuestionMark;
            case '\u203C': return '!';
            case '\u2049': return QuestionMark;
        }
        if (char.IsWhiteSpace(c) || char.IsControl(c))
            return ' ';
        return c is >= 'A' and <= 'Z' ? (char)(c + 32) : char.IsUpper(c) ? char.ToLowerInvariant(c) : c;
    }

    private static string ReplacePlaceholders(string text)
    {
        if (text.Contains("http", StringComparison.Ordinal) || text.Contains("www.", StringComparison.Ordinal))
            text = UrlPattern().Replace(text, " " + UrlToken + " ");
        if (text.Contains('@'))
            text = EmailPattern().Replace(text, " " + EmailToken + " ");
        if (CountDigits(text) >= 10)
            text = PhonePattern().Replace(text, " " + PhoneToken + " ");
        return text;
    }

    private static int CountDigits(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
                count++;
        }
        return count;
    }

    [GeneratedRegex(@"(?:https?://|www\.)[^\s،؛«»]+", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    // Iranian mobiles with a country or trunk prefix (09…, +989…, 00989…, 989…) and 11-digit landlines
    // (0 + area code + 8 digits, the area code maybe in parentheses), with the spaces, dashes and dots
    // people put between digit groups.
    [GeneratedRegex(@"(?<!\d)(?:(?:\+\s?98|0098|98|0)[\s\-.]?9\d{2}[\s\-.]?\d{3}[\s\-.]?\d{4}|(?:0[1-8]\d|\(0[1-8]\d\)\s?)[\s\-.]?\d{4}[\s\-.]?\d{4})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    /// <summary>Splits into words, emoji and the two punctuation marks that carry meaning (؟ and !), then joins affixes.</summary>
    private static string Tokenize(string text)
    {
        var tokens = new List<string>(text.Length / 4 + 1);
        var word = new StringBuilder(16);
        string? lastSymbol = null;
        var halfSpaceAt = -1;

        void EndWord()
        {
            if (word.Length > 0)
            {
                if (halfSpaceAt == word.Length - 1 && word.Length >= 2 && word[^1] == 'ی' && word[^2] == Heh)
                    word.Length--;
                tokens.Add(SqueezeRepeatedLetters(word));
                word.Clear();
                lastSymbol = null;
            }
            halfSpaceAt = -1;
        }

        void AddSymbol(string symbol)
        {
            EndWord();
            if (!string.Equals(lastSymbol, symbol, StringComparison.Ordinal))
                tokens.Add(symbol);
            lastSymbol = symbol;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '<' && TryReadPlaceholder(text, i, out var placeholder))
            {
                EndWord();
                tokens.Add(placeholder);
                i += placeholder.Length - 1;
                continue;
            }
            if (c is ':' or '(' or ')' && TryReadEmoticon(text, i, out var emoticonLength, out var emoji))
            {
                AddSymbol(emoji);
                i += emoticonLength - 1;
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var codePoint = char.ConvertToUtf32(c, text[i + 1]);
                i++;
                if (IsSkinToneModifier(codePoint))
                    continue;
                if (IsEmoji(codePoint))
                    AddSymbol(char.ConvertFromUtf32(codePoint));
                else
                    EndWord();
                continue;
            }
            if (IsEmoji(c))
            {
                AddSymbol(c.ToString());
                continue;
            }
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
                lastSymbol = null;
                continue;
            }
            if (c == ZeroWidthNonJoiner)
            {
                halfSpaceAt = word.Length;
                continue;
            }
            if (c is QuestionMark or '!')
            {
                AddSymbol(c.ToString());
                continue;
            }
            if (c is ',' or '٬' or '،' or '.' or '٫' && IsThousandsSeparator(text, i, word))
                continue;
            if (c is '.' or '٫' && IsBetweenDigits(text, i, word))
            {
                word.Append('.');
                continue;
            }
            EndWord();
        }
        EndWord();

        return JoinAffixes(tokens);
    }

    private static bool IsBetweenDigits(string text, int index, StringBuilder word) =>
        word.Length > 0 && char.IsAsciiDigit(word[^1]) && index + 1 < text.Length && char.IsAsciiDigit(text[index + 1]);

    /// <summary>A separator between digits with exactly three digits after it (10,000 ۱۰٬۰۰۰ 12.000.000), not one in a list (۱،۲،۳) or a decimal (2,5 3.5).</summary>
    private static bool IsThousandsSeparator(string text, int index, StringBuilder word)
    {
        if (word.Length == 0 || !char.IsAsciiDigit(word[^1]) || index + 3 >= text.Length)
            return false;
        for (var k = index + 1; k <= index + 3; k++)
        {
            if (!char.IsAsciiDigit(text[k]))
                return false;
        }
        return index + 4 == text.Length || !char.IsAsciiDigit(text[index + 4]);
    }

    /// <summary>Runs of three or more of one letter (خیلییی، sooo) shrink: to one Persian letter, to two Latin ones.</summary>
    internal static string SqueezeRepeatedLetters(StringBuilder word)
    {
        var output = new StringBuilder(word.Length);
        var i = 0;
        while (i < word.Length)
        {
            var c = word[i];
            var run = 1;
            while (i + run < word.Length && word[i + run] == c)
                run++;
            var keep = run < 3 || char.IsDigit(c) ? run : char.IsAsciiLetter(c) ? 2 : 1;
            output.Append(c, keep);
            i += run;
        }
        return output.ToString();
    }

    private static bool TryReadPlaceholder(string text, int start, out string placeholder)
    {
        foreach (var candidate in (ReadOnlySpan<string>)[UrlToken, EmailToken, PhoneToken])
        {
            if (string.CompareOrdinal(text, start, candidate, 0, candidate.Length) == 0)
            {
                placeholder = candidate;
                return true;
            }
        }
        placeholder = string.Empty;
        return false;
    }

    private static bool TryReadEmoticon(string text, int start, out int length, out string emoji)
    {
        foreach (var (emoticon, meaning) in Emoticons)
        {
            if (string.CompareOrdinal(text, start, emoticon, 0, emoticon.Length) == 0
                && !(emoticon[^1] == 'd' && start + emoticon.Length < text.Length && char.IsLetter(text[start + emoticon.Length])))
            {
                length = emoticon.Length;
                while (start + length < text.Length && text[start + length] == emoticon[^1])
                    length++;
                emoji = meaning;
                return true;
            }
        }
        length = 0;
        emoji = string.Empty;
        return false;
    }

    private static bool IsSkinToneModifier(int codePoint) => codePoint is >= 0x1F3FB and <= 0x1F3FF;

    /// <summary>Pictographs, dingbats and the symbol blocks people use as emoji (⏰ ☀ ✅ ❤ ⭐).</summary>
    private static bool IsEmoji(int codePoint) => codePoint is (>= 0x1F000 and <= 0x1FAFF) or (>= 0x2300 and <= 0x23FF) or (>= 0x2600 and <= 0x27BF) or (>= 0x2B00 and <= 0x2BFF);

    private static bool JoinsPrevious(List<string> tokens, int index) =>
        Suffixes.Contains(tokens[index])
        || (ComparativeSuffixes.Contains(tokens[index]) && index + 1 < tokens.Count && tokens[index + 1] == Than);

    /// <summary>«می رم» and «می‌رم» become «میرم»; «کتاب ها» and «کتاب‌ها» become «کتابها»; «بزرگ تر از» becomes «بزرگتر از»; «خانه ی» becomes «خانه».</summary>
    private static string JoinAffixes(List<string> tokens)
    {
        var joined = new List<string>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (Prefixes.Contains(token) && i + 1 < tokens.Count && IsPersianWord(tokens[i + 1]) && !Suffixes.Contains(tokens[i + 1]))
            {
                joined.Add(token + tokens[i + 1]);
                i++;
            }
            else if (joined.Count > 0 && IsPersianWord(joined[^1]) && JoinsPrevious(tokens, i))
            {
                joined[^1] += token;
            }
            else if (token == Ezafe && joined.Count > 0 && joined[^1].EndsWith(Heh))
            {
                continue;
            }
            else
            {
                joined.Add(token);
            }
        }
        return string.Join(' ', joined);
    }

    private static bool IsPersianWord(string token) => token.Length > 0 && token[0] is >= '\u0600' and <= '\u06FF';
}
