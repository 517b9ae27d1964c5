using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Feedback.Functions.Triggers;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Functions.Tests.Hostile;

/// <summary>One route the running app maps: its pattern, the methods it answers (none listed: any), and what it binds.</summary>
/// <param name="Pattern">The route template as mapped, e.g. "/api/feedback/{trackingCode}".</param>
/// <param name="QueryNames">Names the handler binds from the query string, as its binding metadata lists them.</param>
/// <param name="BodyType">The JSON body type the handler binds, when it declares one.</param>
/// <param name="IsHostInvocation">A non-HTTP function's endpoint (POST /{FunctionName}), called only by the Functions host.</param>
public sealed record MappedRoute(
    string Pattern,
    IReadOnlyList<string> Methods,
    IReadOnlyList<RoutePatternParameterPart> Parameters,
    IReadOnlyList<string> QueryNames,
    Type? BodyType,
    bool IsHostInvocation)
{
    public bool IsApi => Pattern.StartsWith("/api", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A JSON field some request body of the app has: its name on the wire and its CLR type.</summary>
public sealed record BodyField(string Name, Type Type);

/// <summary>
/// What the running app exposes, found at run time so that endpoints added later are covered without editing the suite:
/// the routes of its <see cref="EndpointDataSource"/>, the host-invocation functions, and the JSON fields of its request types.
/// </summary>
public sealed class AppSurface
{
    private AppSurface(IReadOnlyList<MappedRoute> routes, IReadOnlyList<IReadOnlyList<BodyField>> bodyShapes)
    {
        Routes = routes;
        BodyShapes = bodyShapes;
    }

    /// <summary>Every route, ordered by pattern, so the same app gives the same corpus for the same seed.</summary>
    public IReadOnlyList<MappedRoute> Routes { get; }

    /// <summary>The fields of every request body type the app binds or declares (types named *Request in the app's assembly).</summary>
    public IReadOnlyList<IReadOnlyList<BodyField>> BodyShapes { get; }

    public static AppSurface Of(IServiceProvider services)
    {
        var functions = services.GetServices<IQueueTrigger>().Select(trigger => trigger.FunctionName)
            .Concat(services.GetServices<ITimerTrigger>().Select(timer => timer.FunctionName))
            .Select(name => "/" + name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        // Endpoints that share a pattern (GET and POST of one path) are one route answering the methods of all of them.
        var routes = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(endpoint => Route(endpoint, functions))
            .GroupBy(route => route.Pattern, StringComparer.Ordinal)
            .Select(group => group.First() with
            {
                Methods = group.Any(route => route.Methods.Count == 0) ? [] : [.. group.SelectMany(route => route.Methods).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                QueryNames = [.. group.SelectMany(route => route.QueryNames).Distinct(StringComparer.Ordinal)],
                BodyType = group.Select(route => route.BodyType).FirstOrDefault(type => type is not null),
            })
            .OrderBy(route => route.Pattern, StringComparer.Ordinal)
            .ToArray();

        var bodyTypes = typeof(Program).Assembly.GetTypes()
            .Where(type => type.IsPublic && !type.IsAbstract && type.Name.EndsWith("Request", StringComparison.Ordinal))
            .Concat(routes.Select(route => route.BodyType).OfType<Type>())
            .Where(type => !routes.Any(route => route.IsHostInvocation && route.BodyType == type))
            .Distinct()
            .OrderBy(type => type.FullName, StringComparer.Ordinal);
        var shapes = bodyTypes.Select(FieldsOf).Where(fields => fields.Count > 0).ToArray();
        return new AppSurface(routes, shapes);
    }

    /// <summary>The JSON fields of a type as the app's serializer (web defaults: camelCase) reads them.</summary>
    public static IReadOnlyList<BodyField> FieldsOf(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetIndexParameters().Length == 0 && property.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Select(property => new BodyField(
                property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name),
                property.PropertyType))
            .OrderBy(field => field.Name, StringComparer.Ordinal)
            .ToArray();

    private static MappedRoute Route(RouteEndpoint endpoint, HashSet<string> functions)
    {
        var pattern = "/" + (endpoint.RoutePattern.RawText ?? string.Empty).TrimStart('/');
        var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Order(StringComparer.Ordinal).ToArray() ?? [];
        var routeNames = endpoint.RoutePattern.Parameters.Select(parameter => parameter.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var queryNames = endpoint.Metadata.GetOrderedMetadata<IParameterBindingMetadata>()
            .Where(binding => !routeNames.Contains(binding.Name) && IsScalar(binding.ParameterInfo.ParameterType))
            .Select(binding => binding.Name)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var bodyType = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        return new MappedRoute(pattern, methods, endpoint.RoutePattern.Parameters.ToArray(), queryNames, bodyType, functions.Contains(pattern));
    }

    private static bool IsScalar(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(decimal)
            || underlying == typeof(DateTime) || underlying == typeof(DateTimeOffset) || underlying == typeof(DateOnly) || underlying == typeof(Guid);
    }
}
