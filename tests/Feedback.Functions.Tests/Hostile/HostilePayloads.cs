using System.Text;

namespace Feedback.Functions.Tests.Hostile;

/// <summary>The raw material of the hostile corpus: strings, paths, tokens and byte sequences that have broken web apps before.</summary>
public static class HostilePayloads
{
    /// <summary>Long enough to overflow any request-line or header limit a proxy would apply, short enough for a Uri (65,519 characters).</summary>
    public const int LongValue = 30_000;

    /// <summary>Marks reflected script: an HTML answer that carries it unencoded would run it.</summary>
    public const string ScriptMarker = "<script>alert('feedback-xss')</script>";

    public const string ImageMarker = "<img src=x onerror=alert('feedback-xss')>";

    /// <summary>Injection strings for text fields, filters, keys and tokens: SQL, OData/Table filters, script, templates, formats, log forging.</summary>
    public static readonly IReadOnlyList<string> Injections =
    [
        "' or 1 eq 1",
        "' or 1 eq 1 or PartitionKey ne '",
        "PartitionKey ge ''",
        "') or (PartitionKey ge '",
        "RowKey eq 'item' or true",
        "$filter=PartitionKey ge ''&$top=1000",
        "' OR '1'='1' --",
        "1; DROP TABLE FeedbackItems; --",
        "\" OR \"\"=\"",
        "'); DELETE FROM Items; --",
        ScriptMarker,
        ImageMarker,
        "\"><svg onload=alert(1)>",
        "javascript:alert(document.cookie)",
        "{{province-key}}{{county-options}}",
        "${jndi:ldap://127.0.0.1/a}",
        "{0}{1}{2}%s%s%n%x",
        "@{DateTime.Now}",
        "\r\n[Critical] forged log line\r\n",
        "=cmd|' /C calc'!A0",
        "../../../../etc/passwd",
        "..\\..\\..\\windows\\win.ini",
        "%00%0d%0a",
        "\u202Eتست معکوس\u202C",
        "\u200B\u200C\u200D\uFEFF",
        "لغو ۱۱",
        "عضویت",
        "Z̷̢̛̛̙̗̥͔͍a̶̧̛̛̝l̴̢̡̛g̵̨̛͉o̶̢̧̧͍",
        "👩‍👩‍👧‍👦🇮🇷🏳️‍🌈",
        "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>",
        "{\"$type\":\"System.IO.FileInfo, System.IO.FileSystem\",\"fileName\":\"/etc/passwd\"}",
        "__proto__",
        "null",
        "NaN",
        "-0",
        "1e400",
        "   ",
        string.Empty,
    ];

    /// <summary>Tracking codes as a citizen or an attacker might type them: other digit scripts, separators, lookalikes, wrong lengths.</summary>
    public static readonly IReadOnlyList<string> TrackingCodeTricks =
    [
        "۱۲۳۴۵۶۷۸۹۰",
        "١٢٣٤٥٦٧٨٩٠",
        "۱۲۳-۴۵۶-۷۸۹۰",
        "1234\u200F567890",
        "1234\u200C567890",
        "１２３４５６７８９０",
        "𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗𝟎",
        "¹²³⁴⁵⁶⁷⁸⁹⁰",
        "१२३४५६७८९०",
        "১২৩৪৫৬৭৮৯০",
        "12345678901",
        "123456789",
        "0000000000",
        "9999999999",
        "-123456789",
        "+1234567890",
        "1234567890\u0007",
        "1.23456789e9",
        "0x499602D2",
        "١٢٣٤٥۶۷۸۹0",
        "12345678 90",
        new string('9', 4_096),
        "1234567890' or 1 eq 1",
    ];

    /// <summary>Forged secrets for the SMS callback URLs (the real one is 32+ characters).</summary>
    public static readonly IReadOnlyList<string> ForgedSecrets =
    [
        "a",
        "00000000000000000000000000000000",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        new string('x', LongValue),
        "رمز-عبور-جعلی-با-حروف-فارسی-و-طولانی-تر-از-سی-و-دو",
        "🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑",
        "null",
        "undefined",
        "*",
        "%00",
        "..",
        "' or 1 eq 1",
    ];

    /// <summary>Forged API keys for X-Api-Key: no prefix, the prefix alone, random, too long, non-ASCII.</summary>
    public static readonly IReadOnlyList<string> ForgedApiKeys =
    [
        "fbk_",
        "fbk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "FBK_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "fbk_" + new string('A', 125),
        "fbk_" + new string('A', 10_000),
        "fbk_کلید-جعلی",
        "fbk_' or 1 eq 1",
        "Bearer fbk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "*",
    ];

    /// <summary>Paths that try to leave wwwroot, reach page templates, or dodge the static-file and /api rules (no %00: see the corpus's path values).</summary>
    public static readonly IReadOnlyList<string> TraversalPaths =
    [
        "/..%2f..%2fappsettings.json",
        "/%2e%2e/%2e%2e/appsettings.json",
        "/%2e%2e%2f%2e%2e%2fFeedback.Functions.csproj",
        "/css/..%2f..%2fappsettings.json",
        "/css/%2e%2e/%2e%2e/Program.cs",
        "/css/%252e%252e%252f%252e%252e%252fappsettings.json",
        "/css/..%5c..%5cappsettings.json",
        "/css\\..\\..\\appsettings.json",
        "/js/..%2f..%2f..%2f..%2fnode_modules%2fvazirmatn%2fOFL.txt",
        "/vendor/..%2f..%2f..%2f..%2f..%2fnode_modules%2fchart.js%2fdist%2fchart.umd.min.js",
        "/vendor/vazirmatn/..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/vendor/%c0%ae%c0%ae/%c0%ae%c0%ae/appsettings.json",
        "/vendor/%e0%80%ae%e0%80%ae/appsettings.json",
        "//etc/passwd",
        "/index.html",
        "/status.html",
        "/INDEX.HTML",
        "/js/../index.html",
        "/js/%2e%2e/status.html",
        "/css/site.css%01.html",
        "/css/site.css::$DATA",
        "/css/site.css/",
        "/css/site.css.",
        "/css/site.css%20",
        "/css/SITE.CSS",
        "/.git/config",
        "/.env",
        "/web.config",
        "/appsettings.json",
        "/Feedback.Functions.dll",
        "/host.json",
        "/bin/",
        "/wwwroot/css/site.css",
        "/api/../css/site.css",
        "/api/%2e%2e/css/site.css",
        "/apiary",
        "/API/feedback",
        "/%61pi/feedback",
        "/api//feedback",
        "/api/feedback/",
        "/api/feedback;jsessionid=1",
        "/api/feedback%2f..%2fhealth",
        "/api/health/..%2f..%2fappsettings.json",
        "/api/unknown",
        "/api",
        "/dev/phone/..%2f..%2fappsettings.json",
        "/status/..%2f..%2fappsettings.json",
        "/status%2f..%2f..%2fappsettings.json",
        "/openapi/../appsettings.json",
        "/swagger/index.html",
        "/wp-admin/admin-ajax.php",
    ];

    /// <summary>HTTP methods the app maps somewhere, and some it maps nowhere.</summary>
    public static readonly IReadOnlyList<string> Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "HACK"];

    /// <summary>Query parameter names a filterable or pageable endpoint might read.</summary>
    public static readonly IReadOnlyList<string> QueryNames =
    [
        "$filter", "filter", "$top", "top", "$select", "continuationToken", "continuation", "next", "cursor", "page", "pageSize",
        "from", "to", "since", "until", "days", "province", "county", "agency", "topic", "status", "sentiment", "code", "number", "note",
    ];

    /// <summary>Values for those names: injections, out-of-range numbers, hostile continuation tokens.</summary>
    public static IEnumerable<string> QueryValues(Random random)
    {
        yield return Pick(random, Injections);
        yield return Pick(random, ["-1", "0", "2147483648", "9223372036854775808", "1e308", "NaN", "Infinity", "0x10", "١٢", "۱۴۰۳/۰۱/۰۱", "2026-13-45", "9999-12-31T23:59:59Z", "0001-01-01"]);
        yield return ContinuationToken(random);
    }

    /// <summary>A continuation token an attacker makes up: random base64, base64 of hostile JSON, or far too long.</summary>
    public static string ContinuationToken(Random random) => random.Next(6) switch
    {
        0 => Convert.ToBase64String(Bytes(random, random.Next(1, 96))),
        1 => Convert.ToBase64String(Encoding.UTF8.GetBytes("[\"' or 1 eq 1\",\"PartitionKey ge ''\"]")).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
        2 => Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"nextPartitionKey\":\"" + new string('a', 2048) + "\",\"nextRowKey\":null}")),
        3 => Convert.ToBase64String(Encoding.UTF8.GetBytes("[null,null]")),
        4 => new string('A', LongValue),
        _ => "%%%!!!***",
    };

    /// <summary>Byte sequences that are not valid UTF-8: stray continuation bytes, overlong forms, encoded surrogates, truncations.</summary>
    public static readonly IReadOnlyList<byte[]> InvalidUtf8 =
    [
        [0xFF],
        [0xFE, 0xFF],
        [0x80],
        [0xC0, 0xAF],
        [0xE0, 0x80, 0xAF],
        [0xF0, 0x80, 0x80, 0xAF],
        [0xED, 0xA0, 0x80],
        [0xED, 0xBF, 0xBF],
        [0xD8],
        [0xE2, 0x82],
        [0xF4, 0x90, 0x80, 0x80],
        [0xC3, 0x28],
    ];

    /// <summary>JSON string escapes that decode to no valid text: lone and reversed surrogates.</summary>
    public static readonly IReadOnlyList<string> SurrogateEscapes = ["\\ud800", "\\udc00", "\\udc00\\ud800", "a\\ud800b", "\\ud83d", "\\uDFFF\\uDFFF"];

    public static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];

    public static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
