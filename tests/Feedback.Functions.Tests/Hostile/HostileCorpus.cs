using System.Globalization;
using System.Text;
using System.Text.Json;
using Feedback.Core.Items;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Feedback.Functions.Tests.Hostile;

/// <summary>
/// Generates the hostile corpus: requests over every route and method the app maps, methods it does not map, unknown
/// paths and paths that try to leave wwwroot, each broken in one way (its path, query, headers, body or credentials).
/// Deterministic: the same seed and the same app give the same requests, so a failure can be replayed from its seed and index.
/// </summary>
public static class HostileCorpus
{
    /// <summary>How much more often a mapped route and method is attacked than a method it does not map.</summary>
    private const int MappedWeight = 20;

    private static readonly string[] BodyMethods = ["POST", "PUT", "PATCH"];

    /// <summary>
    /// Route values that try to escape the segment, break decoding or overflow. No %00: the server refuses a NUL in the path
    /// before any app sees it (Kestrel with 400, the test server by throwing), so it would test the host, not the app.
    /// </summary>
    private static readonly string[] RawPathValues =
    [
        "..%2f..%2fappsettings.json", "%2e%2e%2f%2e%2e%2fappsettings.json", "..%5c..%5cweb.config", "%252e%252e%252f", "..", ".", "%2e",
        "%01", "%7f", "%ff%fe", "%c0%af", "%ED%A0%80", "%", "%zz", "%20", "+", ";", ",", "'", "~", "%2F", "%3F", "%23", "a%0d%0aSet-Cookie:%20x=1",
    ];

    /// <summary>
    /// The corpus, made as it is read (a megabyte body exists only while it is sent). Read it once, in order: each
    /// request is drawn from the one random sequence, so the same seed always gives request N the same content.
    /// </summary>
    public static IEnumerable<HostileRequest> Generate(int seed, int count, AppSurface surface, HostileSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(surface);
        ArgumentNullException.ThrowIfNull(secrets);
        return Requests(seed, count, surface, secrets);
    }

    private static IEnumerable<HostileRequest> Requests(int seed, int count, AppSurface surface, HostileSecrets secrets)
    {
        var random = new Random(seed);
        var deck = Deck(surface, random);
        var phoneBook = new HostilePhones();
        var bodies = new HostileBodies(random, secrets, phoneBook);
        for (var index = 0; index < count; index++)
            yield return Request(index, deck[index % deck.Count], surface, secrets, bodies, phoneBook, random);
    }

    /// <summary>Every mapped route and method (weighted), every unmapped method of each route, and every trick path, shuffled.</summary>
    private static List<Target> Deck(AppSurface surface, Random random)
    {
        var deck = new List<Target>();
        foreach (var route in surface.Routes)
        {
            var mapped = route.Methods.Count == 0 ? (IReadOnlyList<string>)["GET", "POST"] : route.Methods;
            foreach (var method in mapped)
                deck.AddRange(Enumerable.Repeat(new Target(route, method, true, null), MappedWeight));
            foreach (var method in HostilePayloads.Methods.Except(mapped, StringComparer.OrdinalIgnoreCase))
                deck.Add(new Target(route, method, false, null));
        }
        foreach (var path in HostilePayloads.TraversalPaths)
        {
            deck.Add(new Target(null, "GET", false, path));
            deck.Add(new Target(null, random.Next(3) == 0 ? "POST" : "HEAD", false, path));
        }
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(deck));
        return deck;
    }

    private static HostileRequest Request(int index, Target target, AppSurface surface, HostileSecrets secrets, HostileBodies bodies, HostilePhones phoneBook, Random random)
    {
        var phones = new List<string>();
        var headers = new List<KeyValuePair<string, string>>();
        if (random.Next(10) < 3)
            headers.Add(new("X-Api-Key", secrets.ApiKey));

        if (target.Route is not { } route)
        {
            if (random.Next(3) == 0)
                headers.AddRange(Headers(random, secrets, out _));
            var garbage = target.Method == "POST" ? bodies.Garbage() : null;
            return new HostileRequest(index, "trick path" + (garbage is null ? "" : ", " + garbage.Family), target.Method, target.FixedPath!, headers, garbage?.Bytes, garbage?.ContentType, phones, null, false);
        }

        var families = new List<string> { "query", "header" };
        if (route.Parameters.Count > 0)
            families.AddRange(["path", "path", "credentials"]);
        if (BodyMethods.Contains(target.Method) || random.Next(10) == 0)
            families.AddRange(["body", "body", "body", "body"]);
        var family = families[random.Next(families.Count)];

        var path = Path(route, family, secrets, random, out var pathFamily);
        var query = family == "query" ? Query(route, random, phoneBook, phones, out var queryFamily) : PlausibleQuery(route, random, phoneBook, phones, out queryFamily);
        var label = family switch
        {
            "path" or "credentials" => pathFamily,
            "query" => queryFamily,
            _ => family,
        };
        if (family == "header")
        {
            headers.AddRange(Headers(random, secrets, out var headerFamily));
            label = headerFamily;
        }

        byte[]? body = null;
        string? contentType = null;
        var shape = route.BodyType is { } type ? AppSurface.FieldsOf(type) : surface.BodyShapes.Count > 0 ? HostilePayloads.Pick(random, surface.BodyShapes) : [new BodyField("text", typeof(string))];
        if (family != "body" && BodyMethods.Contains(target.Method))
        {
            // The path, query or headers are the attack: the body is one the app would take, so they are what it judges.
            var plausible = bodies.Plausible(shape, route.QueryNames, phones);
            (body, contentType) = (plausible.Bytes, plausible.ContentType);
        }
        else if (family == "body")
        {
            if (route.IsHostInvocation && random.Next(2) == 0)
            {
                var invocation = bodies.Invocation(phones);
                (body, contentType, label) = (invocation.Bytes, "application/json", invocation.Family);
            }
            else
            {
                var made = random.Next(20) switch
                {
                    < 11 => bodies.Json(shape, phones),
                    < 15 => bodies.Form(route.QueryNames, phones),
                    < 17 => bodies.Multipart(phones),
                    _ => bodies.Garbage(),
                };
                (body, contentType, label) = (made.Bytes, made.ContentType, made.Family);
            }
        }

        var mappedLabel = target.Mapped ? string.Empty : " (unmapped method)";
        return new HostileRequest(index, label + mappedLabel, target.Method, path + query, headers, body, contentType, phones, route.Pattern, route.IsHostInvocation && target.Mapped);
    }

    /// <summary>The route with its parameters filled in: plausibly, except the one the family attacks.</summary>
    private static string Path(MappedRoute route, string family, HostileSecrets secrets, Random random, out string label)
    {
        label = "plausible path";
        var attacked = family is "path" or "credentials" && route.Parameters.Count > 0 ? route.Parameters[random.Next(route.Parameters.Count)] : null;
        var path = new StringBuilder();
        foreach (var segment in RoutePatternFactory.Parse(route.Pattern).PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        path.Append(literal.Content);
                        break;
                    case RoutePatternSeparatorPart separator:
                        path.Append(separator.Content);
                        break;
                    case RoutePatternParameterPart parameter when parameter.Name == attacked?.Name:
                        path.Append(family == "credentials" ? ForgedCredential(route, parameter, secrets, random, out label) : HostileValue(parameter, random, out label));
                        break;
                    case RoutePatternParameterPart parameter:
                        path.Append(Uri.EscapeDataString(PlausibleValue(route, parameter, secrets, random)));
                        break;
                }
            }
        }
        return path.Length == 0 ? "/" : path.ToString();
    }

    private static string PlausibleValue(MappedRoute route, RoutePatternParameterPart parameter, HostileSecrets secrets, Random random)
    {
        if (parameter.Name.Contains("secret", StringComparison.OrdinalIgnoreCase))
            return SecretOf(route, secrets);
        if (parameter.Name.Contains("code", StringComparison.OrdinalIgnoreCase))
            return TrackingCode.NewCode(random.Next).Value;
        return "item-1";
    }

    /// <summary>Which of the deployment's secrets a route carries: Kavenegar's delivery callback has its own.</summary>
    private static string SecretOf(MappedRoute route, HostileSecrets secrets) =>
        route.Pattern.Contains("delivery", StringComparison.OrdinalIgnoreCase) ? secrets.DeliverySecret : secrets.InboundSecret;

    private static string HostileValue(RoutePatternParameterPart parameter, Random random, out string label)
    {
        switch (random.Next(6))
        {
            case 0:
                label = "path injection";
                return Uri.EscapeDataString(HostilePayloads.Pick(random, HostilePayloads.Injections.Where(value => value.Length > 0).ToArray()));
            case 1 when parameter.Name.Contains("code", StringComparison.OrdinalIgnoreCase):
                label = "tracking code digit trick";
                return Uri.EscapeDataString(HostilePayloads.Pick(random, HostilePayloads.TrackingCodeTricks));
            case 1:
            case 2:
                label = "forged secret";
                return Uri.EscapeDataString(HostilePayloads.Pick(random, HostilePayloads.ForgedSecrets));
            case 3:
                label = "path 30,000-character value";
                return new string('9', HostilePayloads.LongValue);
            default:
                label = "path traversal or broken escape";
                return HostilePayloads.Pick(random, RawPathValues);
        }
    }

    /// <summary>The real secret, almost: one character off, cut, extended, re-cased, or encoded so that it decodes (or not) to the real one.</summary>
    private static string ForgedCredential(MappedRoute route, RoutePatternParameterPart parameter, HostileSecrets secrets, Random random, out string label)
    {
        if (!parameter.Name.Contains("secret", StringComparison.OrdinalIgnoreCase))
            return HostileValue(parameter, random, out label);
        var secret = SecretOf(route, secrets);
        label = "near-miss secret";
        var last = secret[^1] == 'A' ? 'B' : 'A';
        return random.Next(10) switch
        {
            0 => secret[..^1] + last,
            1 => secret[..^1],
            2 => secret + "x",
            3 => secret.Any(char.IsLower) ? secret.ToUpperInvariant() : secret.ToLowerInvariant(),
            4 => "%20" + secret,
            5 => secret + "%0A",
            6 => secret + "%2F..",
            7 => string.Concat(secret.Select(character => $"%{(int)character:X2}")),
            8 => string.Concat(secret.Select(character => $"%25{(int)character:X2}")),
            _ => secret.Replace('1', '۱'),
        };
    }

    /// <summary>The query a GET of the route would plausibly carry: the fields Kavenegar forwards and the names the handler binds.</summary>
    private static string PlausibleQuery(MappedRoute route, Random random, HostilePhones phoneBook, List<string> phones, out string label)
    {
        label = "plausible query";
        var fields = PlausibleFields(route, random, phoneBook, phones);
        return fields.Count == 0 || random.Next(2) == 0 ? string.Empty : "?" + string.Join('&', fields.Select(field => $"{Uri.EscapeDataString(field.Key)}={Uri.EscapeDataString(field.Value)}"));
    }

    private static List<KeyValuePair<string, string>> PlausibleFields(MappedRoute route, Random random, HostilePhones phoneBook, List<string> phones)
    {
        var phone = phoneBook.Next(phones);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("messageid", random.Next(1, int.MaxValue).ToString(CultureInfo.InvariantCulture)),
            new("from", phone),
            new("to", "10004346"),
            new("message", "چراغ کوچه ما خاموش است"),
            new("status", "10"),
        };
        fields.AddRange(route.QueryNames.Where(name => fields.All(field => field.Key != name)).Select(name => new KeyValuePair<string, string>(name, name == "number" ? phone : "1")));
        return fields;
    }

    /// <summary>A query with one field hostile, or the whole query broken.</summary>
    private static string Query(MappedRoute route, Random random, HostilePhones phoneBook, List<string> phones, out string label)
    {
        var fields = PlausibleFields(route, random, phoneBook, phones);
        string Encode(IEnumerable<KeyValuePair<string, string>> pairs) =>
            string.Join('&', pairs.Select(pair => $"{Uri.EscapeDataString(pair.Key)}={Uri.EscapeDataString(pair.Value)}"));
        switch (random.Next(7))
        {
            case 0:
            case 1:
                label = "query injection or out-of-range value";
                var name = HostilePayloads.Pick(random, [.. route.QueryNames, .. HostilePayloads.QueryNames, .. fields.Select(field => field.Key)]);
                var values = HostilePayloads.QueryValues(random).ToArray();
                return "?" + Encode([.. fields.Where(field => field.Key != name), new(name, values[random.Next(values.Length)])]);
            case 2:
                label = "query continuation token";
                return "?" + Encode([.. fields, new(HostilePayloads.Pick(random, (string[])["continuationToken", "continuation", "next", "cursor", "$skiptoken"]), HostilePayloads.ContinuationToken(random))]);
            case 3:
                label = "query broken escapes";
                return "?" + Encode(fields) + "&" + HostilePayloads.Pick(random, (string[])["message=%zz", "from=%C0%AF", "message=%ED%A0%80", "to=%00", "%=%", "&&&", "message=%FF%FE%FD", "=%", "from[]=1&from[]=2"]);
            case 4:
                label = "query repeated names";
                return "?" + Encode([.. fields, .. Enumerable.Repeat(new KeyValuePair<string, string>("from", "09357770099"), 50), .. Enumerable.Repeat(new KeyValuePair<string, string>("messageid", "x"), 50)]);
            case 5:
                label = "query 30,000 characters";
                return "?" + Encode(fields) + "&message=" + new string('a', HostilePayloads.LongValue);
            default:
                label = "query filter injection";
                return "?" + Encode([.. fields, new("$filter", "PartitionKey ge ''"), new("filter", "' or 1 eq 1"), new("$top", "1000"), new("$select", "EncryptedPhone,PhoneHash,Text")]);
        }
    }

    /// <summary>Headers that forge an identity or a key, lie about the client, or are simply too big.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Headers(Random random, HostileSecrets secrets, out string label)
    {
        switch (random.Next(7))
        {
            case 0:
                label = "forged api key";
                var key = random.Next(3) == 0 ? NearMissKey(secrets.ApiKey, random) : HostilePayloads.Pick(random, HostilePayloads.ForgedApiKeys);
                return random.Next(4) == 0 ? [new("X-Api-Key", key), new("X-Api-Key", secrets.ApiKey)] : [new("X-Api-Key", key)];
            case 1:
            case 2:
                label = "forged client principal";
                return [new("X-MS-CLIENT-PRINCIPAL", ClientPrincipal(random)), new("X-MS-CLIENT-PRINCIPAL-ID", HostilePayloads.Pick(random, HostilePayloads.Injections)), new("X-MS-CLIENT-PRINCIPAL-NAME", "admin@example.org"), new("X-MS-CLIENT-PRINCIPAL-IDP", HostilePayloads.Pick(random, (string[])["aad", "", "' or 1 eq 1", "dev"]))];
            case 3:
                label = "forged forwarding headers";
                return [new("X-Forwarded-For", HostilePayloads.Pick(random, (string[])["1.2.3.4, <script>", "::::::", "999.999.999.999", "unknown", string.Join(", ", Enumerable.Repeat("10.0.0.1", 1_000))])), new("X-Forwarded-Host", "evil.example"), new("X-Forwarded-Proto", "javascript"), new("X-Original-URL", "/api/health"), new("X-HTTP-Method-Override", "DELETE")];
            case 4:
                label = "oversized headers";
                return random.Next(2) == 0
                    ? [new("X-Hostile", new string('h', 65_536)), new("Cookie", new string('c', 16_384) + "=1")]
                    : Enumerable.Range(0, 500).Select(header => new KeyValuePair<string, string>($"X-Hostile-{header}", "v"));
            case 5:
                label = "range and conditional headers";
                return [new("Range", HostilePayloads.Pick(random, (string[])["bytes=-1", "bytes=99999999999-", "bytes=5-2", "items=0-1", "bytes=" + string.Join(',', Enumerable.Range(0, 500).Select(range => $"{range}-{range}"))])), new("If-None-Match", "\"' or 1 eq 1\", W/\"x\""), new("If-Modified-Since", "tomorrow")];
            default:
                label = "hostile accept and authorization";
                return [new("Accept", "application/problem+json;q=NaN, */*;q=-1"), new("Accept-Language", "fa-IR;q=2, " + new string('x', 1_000)), new("Authorization", HostilePayloads.Pick(random, (string[])["Bearer ' or 1 eq 1", "Basic !!!", "Bearer " + new string('a', 8_000), "Negotiate"]))];
        }
    }

    private static string NearMissKey(string key, Random random) => random.Next(4) switch
    {
        0 => key[..^1] + (key[^1] == 'A' ? 'B' : 'A'),
        1 => key.ToUpperInvariant(),
        2 => " " + key,
        _ => key + "\u200C",
    };

    /// <summary>App Service Authentication's principal header, forged: not base64, random bytes, or base64 of hostile JSON.</summary>
    private static string ClientPrincipal(Random random)
    {
        string Base64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
        return random.Next(8) switch
        {
            0 => "!!!not base64!!!",
            1 => Convert.ToBase64String(HostilePayloads.Bytes(random, random.Next(1, 512))),
            2 => Base64(JsonSerializer.Serialize(new { auth_typ = "aad", claims = new[] { new { typ = "roles", val = "NationalAdmin" }, new { typ = "http://schemas.microsoft.com/identity/claims/objectidentifier", val = "' or 1 eq 1" } }, name_typ = "name", role_typ = "roles" })),
            3 => Base64("{\"auth_typ\":\"aad\",\"claims\":" + string.Concat(Enumerable.Repeat("[", 5_000)) + "}"),
            4 => Base64("{\"auth_typ\":null,\"claims\":\"NationalAdmin\",\"name_typ\":7,\"role_typ\":[]}"),
            5 => Base64(JsonSerializer.Serialize(new { auth_typ = "aad", claims = Enumerable.Range(0, 10_000).Select(claim => new { typ = "roles", val = "NationalAdmin" }) })),
            6 => Base64("{\"userId\":\"x\",\"userRoles\":[\"anonymous\",\"authenticated\",\"NationalAdmin\"],\"identityProvider\":\"aad\",\"userDetails\":\"" + HostilePayloads.ScriptMarker + "\"}"),
            _ => Base64("null"),
        };
    }

    private sealed record Target(MappedRoute? Route, string Method, bool Mapped, string? FixedPath);
}
