using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Feedback.Core.Items;

namespace Feedback.Functions.Tests.Hostile;

/// <summary>The corpus's fixed inputs besides the seed: the deployment's real secrets and key (so that some requests get past them) and "now".</summary>
public sealed record HostileSecrets(string InboundSecret, string DeliverySecret, string ApiKey, DateTimeOffset Now);

/// <summary>A request body: what it attacks, its bytes, and the Content-Type it claims (null: none).</summary>
public sealed record HostileBody(string Family, byte[] Bytes, string? ContentType);

/// <summary>
/// Makes request bodies that are almost right and then wrong in one way: a plausible JSON object for one of the app's
/// request shapes (or a form, or a host invocation) with one field, the encoding, the syntax or the framing broken.
/// </summary>
public sealed class HostileBodies(Random random, HostileSecrets secrets, HostilePhones phoneBook)
{
    private const int OneMegabyte = 1024 * 1024;

    private static readonly JsonSerializerOptions Raw = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] PlausibleTexts =
    [
        "آب محله ما از دیروز قطع است و کسی جواب نمی‌دهد",
        "برخورد کارمند باجه خیلی خوب بود، ممنونم",
        "چراغ‌های پارک شب‌ها خاموش است",
    ];

    /// <summary>Field names Kavenegar's callbacks and the developer phone post as forms.</summary>
    private static readonly string[] FormFieldNames = ["messageid", "from", "to", "message", "status", "number", "note"];

    private static readonly string[] WrongTypes =
        ["{}", "[]", "[1,2,3]", "true", "false", "null", "0", "-1", "1.5", "\"\"", "\"5\"", "{\"$ref\":\"#\"}", "[[[[[]]]]]", "{\"text\":{\"text\":{}}}"];

    private static readonly string[] OutOfRangeNumbers =
        ["2147483648", "-2147483649", "9223372036854775808", "1e400", "-1e400", "1.7976931348623157e309", "1E+2147483648", "0.000000000000000000000000000000000001", "00012", "+5", ".5", "5.", "0x1F", "NaN", "Infinity", "-Infinity", "1_000"];

    private static readonly string[] BrokenSyntax =
    [
        "{\"text\":\"a\"", "{\"text\":\"a\",}", "{text:\"a\"}", "{'text':'a'}", "{\"text\":\"a\"}}", "{\"text\":\"a\"}{\"text\":\"b\"}",
        "/* c */{\"text\":\"a\"}", "{\"text\":\"a\" // c\n}", "", "   ", "{", "}", "[", "\"", "{\"text\"}", "{\"text\":}", "{,}", "{\"a\":1,,\"b\":2}",
    ];

    private static readonly string[] NonObjectRoots = ["null", "0", "\"text\"", "[]", "[{}]", "true", "-0", "[null]"];

    private static readonly string[] ContentTypeTricks =
    [
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "application/json; charset=utf-16", "application/json; charset=\"",
        "application/json;;;", "application/jsonp", "application/problem+json", "application/*", "*/*", "application/json, text/html",
        "application/json; charset=utf-7", "application/xml", "application/json; boundary=x", "APPLICATION/JSON", "application/ json",
        "application/json" + new string(' ', 8000) + ";x=y", "text/json", "application/merge-patch+json",
    ];

    /// <summary>A body the app would take: a JSON object for <paramref name="shape"/>, or a Kavenegar-style form.</summary>
    public HostileBody Plausible(IReadOnlyList<BodyField> shape, IReadOnlyList<string> extraFormNames, List<string> phones)
    {
        if (random.Next(2) == 0)
            return new("plausible json", Object(Members(shape, phones, depth: 0)), "application/json");
        var fields = FormFieldNames.Concat(extraFormNames).Distinct(StringComparer.Ordinal).Select(name => $"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(PlausibleFormValue(name, phones))}");
        return new("plausible form", Utf8(string.Join('&', fields)), "application/x-www-form-urlencoded");
    }

    /// <summary>A JSON object for <paramref name="shape"/> with every field plausible, then broken in one way.</summary>
    public HostileBody Json(IReadOnlyList<BodyField> shape, List<string> phones)
    {
        var members = Members(shape, phones, depth: 0);
        var stringFields = members.Where(member => member.Value.Length > 0 && member.Value[0] == (byte)'"').Select(member => member.Name).ToArray();
        var target = members.Count == 0 ? "text" : members[random.Next(members.Count)].Name;
        var textTarget = stringFields.Length == 0 ? target : stringFields[random.Next(stringFields.Length)];
        switch (random.Next(16))
        {
            case 0:
                return new("json wrong type", Object(Replace(members, target, Utf8(HostilePayloads.Pick(random, WrongTypes)))), "application/json");
            case 1:
                return new("json number out of range", Object(Replace(members, target, Utf8(HostilePayloads.Pick(random, OutOfRangeNumbers)))), "application/json");
            case 2:
            case 3:
                return new("json injection", Object(Replace(members, textTarget, Quoted(HostilePayloads.Pick(random, HostilePayloads.Injections)))), "application/json");
            case 4:
                return new("json lone surrogate escape", Object(Replace(members, textTarget, Utf8("\"" + HostilePayloads.Pick(random, HostilePayloads.SurrogateEscapes) + "\""))), "application/json");
            case 5:
                return new("json invalid utf-8", Object(Replace(members, textTarget, [(byte)'"', (byte)'a', .. HostilePayloads.Pick(random, HostilePayloads.InvalidUtf8), (byte)'b', (byte)'"'])), "application/json");
            case 6:
                return new("json control characters", Object(Replace(members, textTarget, random.Next(2) == 0 ? Utf8("\"a\u0000b\u0007c\u001bd\"") : Utf8("\"a\\u0000b\\u0007c\\u001b\\u007f\\u0085\""))), "application/json");
            case 7:
                return new("json duplicate keys", Object([.. members, (target, Utf8(HostilePayloads.Pick(random, WrongTypes))), (target, Quoted(HostilePayloads.Pick(random, HostilePayloads.Injections)))]), "application/json");
            case 8:
                return new("json extra members", Object([.. members, .. ExtraMembers()]), "application/json");
            case 9:
                return new("json deep nesting", DeepNesting(members, target), "application/json");
            case 10:
                return new("json huge array", Object(Replace(members, target, HugeArray(random.Next(2) == 0 ? 5_000 : 200_000))), "application/json");
            case 11:
                return new("json 1 MB field", Object(Replace(members, textTarget, Quoted(new string(random.Next(2) == 0 ? 'a' : 'ب', OneMegabyte)))), "application/json");
            case 12:
                return new("json broken syntax", Utf8(HostilePayloads.Pick(random, BrokenSyntax)), "application/json");
            case 13:
                return new("json non-object root", Utf8(HostilePayloads.Pick(random, NonObjectRoots)), "application/json");
            case 14:
                return Encoded(Object(members));
            default:
                return new("json wrong content type", Object(members), random.Next(8) == 0 ? null : HostilePayloads.Pick(random, ContentTypeTricks));
        }
    }

    /// <summary>A form (URL-encoded) with plausible Kavenegar-style fields and one attack on it.</summary>
    public HostileBody Form(IReadOnlyList<string> extraNames, List<string> phones)
    {
        var names = FormFieldNames.Concat(extraNames).Distinct(StringComparer.Ordinal).ToArray();
        var fields = names.Select(name => (Name: name, Value: PlausibleFormValue(name, phones))).ToList();
        var target = fields[random.Next(fields.Count)].Name;
        string Encode(IEnumerable<(string Name, string Value)> pairs) =>
            string.Join('&', pairs.Select(pair => $"{Uri.EscapeDataString(pair.Name)}={Uri.EscapeDataString(pair.Value)}"));
        const string FormType = "application/x-www-form-urlencoded";
        return random.Next(8) switch
        {
            0 => new("form injection", Utf8(Encode(fields.Select(field => field.Name == target ? (field.Name, HostilePayloads.Pick(random, HostilePayloads.Injections)) : field))), FormType),
            1 => new("form broken escapes", Utf8(Encode(fields.Where(field => field.Name != target)) + "&" + target + "=" + HostilePayloads.Pick(random, (string[])["%zz", "%C0%AF", "%ED%A0%80", "%00", "%", "%%41", "%u0041", "%FF%FE"])), FormType),
            2 => new("form invalid utf-8", [.. Utf8(Encode(fields.Where(field => field.Name != target)) + "&" + target + "="), .. HostilePayloads.Pick(random, HostilePayloads.InvalidUtf8)], FormType),
            3 => new("form duplicate fields", Utf8(Encode([.. fields, (target, HostilePayloads.Pick(random, HostilePayloads.Injections)), (target, "")])), FormType),
            4 => new("form 10,000 fields", Utf8(string.Join('&', Enumerable.Range(0, 10_000).Select(index => $"f{index}=v"))), FormType),
            5 => new("form 1 MB field", Utf8(Encode(fields.Where(field => field.Name != target)) + "&" + target + "=" + new string('a', OneMegabyte)), FormType),
            6 => new("form degenerate", Utf8(HostilePayloads.Pick(random, (string[])["=&=&=", "a&b&c", "&&&&", "=", "message", "from=&to=&message=", "%3D%3D%3D"])), FormType),
            _ => new("form wrong content type", Utf8(Encode(fields)), HostilePayloads.Pick(random, ContentTypeTricks)),
        };
    }

    /// <summary>multipart/form-data where a form is expected: no boundary, a broken body, a hostile file part, too many parts.</summary>
    public HostileBody Multipart(List<string> phones)
    {
        const string Boundary = "----hostile-boundary";
        var phone = Phone(phones);
        string Part(string name, string value) => $"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n";
        return random.Next(6) switch
        {
            0 => new("multipart without boundary", Utf8("not really multipart"), "multipart/form-data"),
            1 => new("multipart broken body", Utf8($"--{Boundary}\r\nContent-Disposition: form-data; name=\"from\"\r\n\r\n{phone}"), $"multipart/form-data; boundary={Boundary}"),
            2 => new("multipart hostile file part", Utf8(Part("from", phone) + $"--{Boundary}\r\nContent-Disposition: form-data; name=\"message\"; filename=\"../../../appsettings.json\"\r\nContent-Type: application/octet-stream\r\n\r\n{HostilePayloads.ScriptMarker}\r\n--{Boundary}--\r\n"), $"multipart/form-data; boundary={Boundary}"),
            3 => new("multipart 2,000 parts", Utf8(string.Concat(Enumerable.Range(0, 2_000).Select(index => Part($"f{index}", "v"))) + $"--{Boundary}--\r\n"), $"multipart/form-data; boundary={Boundary}"),
            4 => new("multipart boundary too long", Utf8("--" + new string('b', 5_000) + "\r\n\r\n"), "multipart/form-data; boundary=" + new string('b', 5_000)),
            _ => new("multipart plausible", Utf8(Part("messageid", "123") + Part("from", phone) + Part("to", "10004346") + Part("message", HostilePayloads.Pick(random, HostilePayloads.Injections)) + Part("number", phone) + $"--{Boundary}--\r\n"), $"multipart/form-data; boundary={Boundary}"),
        };
    }

    /// <summary>A body that is no JSON and no form at all: random bytes, 1 MB of them, or an XML bomb.</summary>
    public HostileBody Garbage() => random.Next(4) switch
    {
        0 => new("raw random bytes", HostilePayloads.Bytes(random, random.Next(1, 4096)), HostilePayloads.Pick(random, (string?[])[null, "application/json", "application/x-www-form-urlencoded", "application/octet-stream"])),
        1 => new("raw 1 MB", HostilePayloads.Bytes(random, OneMegabyte + 1), HostilePayloads.Pick(random, (string?[])[null, "application/json", "application/x-www-form-urlencoded"])),
        2 => new("xml entity bomb", Utf8("<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><l>&c;</l>"), "application/xml"),
        _ => new("empty body", [], HostilePayloads.Pick(random, (string?[])[null, "application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])),
    };

    /// <summary>What the Functions host would post to a trigger's endpoint, with its data, metadata or message broken.</summary>
    public HostInvocationBody Invocation(List<string> phones)
    {
        var phone = Phone(phones);
        string Message() => HostilePayloads.Pick(random, (string[])
        [
            JsonSerializer.Serialize(new { TrackingCode = HostilePayloads.Pick(random, HostilePayloads.TrackingCodeTricks) }),
            JsonSerializer.Serialize(new { TrackingCode = HostilePayloads.Pick(random, HostilePayloads.Injections) }),
            JsonSerializer.Serialize(new { trackingCode = "a/b\\c#d?e" }),
            JsonSerializer.Serialize(new { Key = HostilePayloads.Pick(random, HostilePayloads.Injections), Kind = "Survey", EncryptedPhone = "v1.AAAA.BBBB", PhoneHash = "x", Text = phone }),
            JsonSerializer.Serialize(new { Key = "k", Kind = 99, EncryptedPhone = phone, PhoneHash = phone, Text = "t" }),
            "{\"TrackingCode\":" + HostilePayloads.Pick(random, WrongTypes) + "}",
            "not json",
            "\"\\\"double encoded\\\"\"",
        ]);
        var data = random.Next(3) switch
        {
            0 => "{\"message\":" + JsonSerializer.Serialize(Message()) + "}",
            1 => "{\"message\":" + HostilePayloads.Pick(random, WrongTypes) + ",\"timer\":" + HostilePayloads.Pick(random, WrongTypes) + "}",
            _ => "{\"timer\":" + HostilePayloads.Pick(random, (string[])["{\"IsPastDue\":\"yes\"}", "{\"ScheduleStatus\":{\"Last\":\"never\",\"Next\":12}}", "\"{\\\"IsPastDue\\\":true}\"", "[]", "null", "{\"IsPastDue\":true}"]) + "}",
        };
        var metadata = "{\"MessageId\":" + HostilePayloads.Pick(random, (string[])["\"m-1\"", "null", "{}", "\"\"", JsonSerializer.Serialize(new string('m', 10_000)), "1"])
            + ",\"DeliveryCount\":" + HostilePayloads.Pick(random, (string[])["1", "0", "-1", "\"2\"", "\"\\\"3\\\"\"", "99", "2147483648", "null", "\"x\""])
            + ",\"UserProperties\":" + HostilePayloads.Pick(random, (string[])["{}", "[]", "\"{\\\"a\\\":1}\"", "{\"a\":{\"b\":[1]}}", "null", "7"]) + "}";
        return random.Next(5) switch
        {
            0 => new("invocation missing parts", Utf8(HostilePayloads.Pick(random, (string[])["{}", "{\"Data\":null}", "{\"Metadata\":{}}", "{\"Data\":{},\"Metadata\":null}", "{\"Data\":[],\"Metadata\":[]}"]))),
            1 => new("invocation wrong types", Utf8("{\"Data\":" + HostilePayloads.Pick(random, WrongTypes) + ",\"Metadata\":" + HostilePayloads.Pick(random, WrongTypes) + "}")),
            _ => new("invocation hostile message", Utf8("{\"Data\":" + data + ",\"Metadata\":" + metadata + "}")),
        };
    }

    /// <summary>A plausible value for a form field, by its name.</summary>
    private string PlausibleFormValue(string name, List<string> phones) => name.ToLowerInvariant() switch
    {
        "messageid" => random.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture),
        "from" or "number" or "phone" => Phone(phones),
        "to" => "10004346",
        "status" => HostilePayloads.Pick(random, (string[])["10", "14", "1", "6"]),
        _ => HostilePayloads.Pick(random, PlausibleTexts),
    };

    private List<(string Name, byte[] Value)> Members(IReadOnlyList<BodyField> shape, List<string> phones, int depth) =>
        shape.Select(field => (field.Name, Plausible(field, phones, depth))).ToList();

    /// <summary>A value the app would take for the field, guessed from its name and type.</summary>
    private byte[] Plausible(BodyField field, List<string> phones, int depth)
    {
        var type = Nullable.GetUnderlyingType(field.Type) ?? field.Type;
        var name = field.Name.ToLowerInvariant();
        if (type == typeof(string))
            return Quoted(PlausibleString(name, phones));
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte))
            return Utf8(name.Contains("rating", StringComparison.Ordinal) ? "3" : "1");
        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float))
            return Utf8("1.5");
        if (type == typeof(bool))
            return Utf8("true");
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
            return Quoted(secrets.Now.AddHours(-1).ToString("O", CultureInfo.InvariantCulture));
        if (type == typeof(DateOnly))
            return Quoted(secrets.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (type == typeof(Guid))
            return Quoted("6f9619ff-8b86-d011-b42d-00cf4fc964ff");
        if (type.IsEnum)
            return Quoted(Enum.GetNames(type)[0]);
        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && ElementType(type) is { } element)
            return depth > 2 ? Utf8("[]") : [(byte)'[', .. Plausible(new BodyField(field.Name, element), phones, depth + 1), (byte)']'];
        if (type.IsClass && depth <= 2 && AppSurface.FieldsOf(type) is { Count: > 0 } nested)
            return Object(Members(nested, phones, depth + 1));
        return Utf8("{}");
    }

    private string PlausibleString(string name, List<string> phones)
    {
        if (name.Contains("phone", StringComparison.Ordinal) || name is "from" or "number" or "mobile" or "receptor")
            return Phone(phones);
        if (name.Contains("province", StringComparison.Ordinal))
            return "zanjan";
        if (name.Contains("county", StringComparison.Ordinal))
            return "abhar";
        if (name.Contains("agency", StringComparison.Ordinal))
            return "zanjan-police";
        if (name.Contains("trackingcode", StringComparison.Ordinal))
            return TrackingCode.NewCode(random.Next).Value;
        if (name.Contains("servicename", StringComparison.Ordinal))
            return "صدور گذرنامه";
        if (name.Contains("code", StringComparison.Ordinal) || name.Contains("office", StringComparison.Ordinal) || name.EndsWith("id", StringComparison.Ordinal))
            return "passport";
        return HostilePayloads.Pick(random, PlausibleTexts);
    }

    private string Phone(List<string> phones) => phoneBook.Next(phones);

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType() : type.GetInterfaces().Append(type).FirstOrDefault(candidate => candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private IEnumerable<(string Name, byte[] Value)> ExtraMembers() => random.Next(6) switch
    {
        0 => [("$type", Quoted("System.IO.FileInfo, System.IO.FileSystem")), ("fileName", Quoted("/etc/passwd"))],
        1 => [("__proto__", Utf8("{\"isAdmin\":true}")), ("constructor", Utf8("{\"prototype\":{\"isAdmin\":true}}"))],
        2 => [("$id", Quoted("1")), ("$ref", Quoted("1")), ("$values", Utf8("[1]"))],
        3 => [("a\u0000b", Quoted("nul in a name")), (new string('k', 10_000), Quoted("long name"))],
        4 => Enumerable.Range(0, 5_000).Select(index => ($"m{index}", Utf8("0"))),
        _ => [("", Quoted("empty name")), ("Text", Quoted("other casing")), ("TEXT", Utf8("1"))],
    };

    private byte[] DeepNesting(List<(string Name, byte[] Value)> members, string target) => random.Next(3) switch
    {
        0 => Object(Replace(members, target, Utf8(new string('[', 10_000) + new string(']', 10_000)))),
        1 => Object(Replace(members, target, Utf8(new string('[', 10_000)))),
        _ => Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000)),
    };

    private static byte[] HugeArray(int count) => Utf8("[" + string.Join(',', Enumerable.Repeat("0", count)) + "]");

    /// <summary>A plausible object in a wrong encoding: UTF-16, UTF-32, a BOM, NULs between bytes.</summary>
    private HostileBody Encoded(byte[] utf8)
    {
        var text = Encoding.UTF8.GetString(utf8);
        return random.Next(5) switch
        {
            0 => new("json utf-16", Encoding.Unicode.GetBytes(text), "application/json"),
            1 => new("json utf-16 declared", Encoding.Unicode.GetBytes(text), "application/json; charset=utf-16"),
            2 => new("json utf-32 with bom", [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(text)], "application/json"),
            3 => new("json utf-8 bom", [.. Encoding.UTF8.GetPreamble(), .. utf8], "application/json"),
            _ => new("json nul bytes", [.. utf8.SelectMany(value => new[] { value, (byte)0 })], "application/json"),
        };
    }

    private static List<(string Name, byte[] Value)> Replace(List<(string Name, byte[] Value)> members, string name, byte[] value) =>
        members.Any(member => member.Name == name)
            ? members.Select(member => member.Name == name ? (member.Name, value) : member).ToList()
            : [.. members, (name, value)];

    private static byte[] Object(IEnumerable<(string Name, byte[] Value)> members)
    {
        var json = new List<byte> { (byte)'{' };
        var first = true;
        foreach (var (name, value) in members)
        {
            if (!first)
                json.Add((byte)',');
            first = false;
            json.AddRange(Quoted(name));
            json.Add((byte)':');
            json.AddRange(value);
        }
        json.Add((byte)'}');
        return [.. json];
    }

    private static byte[] Quoted(string value) => Utf8(JsonSerializer.Serialize(value, Raw));

    private static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value);
}

/// <summary>
/// Hands out valid mobile numbers, each one once, in the forms citizens and systems write them (09…, +98…, 98…, 0098…, bare,
/// spaced, Persian and Arabic-Indic digits): a row an accepted request stores under its phone can be told from any other.
/// </summary>
public sealed class HostilePhones
{
    private const int FirstSerial = 7_000_000;
    private int serial = FirstSerial;

    /// <summary>The next number, also added to <paramref name="carried"/>, the phones of the request being made.</summary>
    public string Next(List<string> carried)
    {
        ArgumentNullException.ThrowIfNull(carried);
        var national = "935" + serial.ToString("D7", CultureInfo.InvariantCulture);
        var phone = (serial++ % 8) switch
        {
            0 => "0" + national,
            1 => "+98" + national,
            2 => "98" + national,
            3 => Digits("0" + national, '۰'),
            4 => $"0{national[..3]} {national[3..6]} {national[6..]}",
            5 => Digits("0" + national, '٠'),
            6 => "0098" + national,
            _ => national,
        };
        carried.Add(phone);
        return phone;
    }

    private static string Digits(string ascii, char zero) => string.Concat(ascii.Select(digit => (char)(zero + (digit - '0'))));
}

/// <summary>A host-invocation body: always JSON, since the binding (not the handler) reads it.</summary>
public sealed record HostInvocationBody(string Family, byte[] Bytes);
