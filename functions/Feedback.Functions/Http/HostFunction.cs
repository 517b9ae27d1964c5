namespace Feedback.Functions.Http;

/// <summary>
/// The host function (<c>host/&lt;Name&gt;/function.json</c>) whose route forwards this endpoint's requests, for an
/// endpoint that shares its function with others (the pages; the inbox's actions) or answers two methods (the
/// Kavenegar callbacks: an endpoint name would become the operationId of both, which must be unique). Every
/// other endpoint carries its function's name as its endpoint name instead (<c>.WithName</c>).
/// </summary>
internal sealed record HostFunction(string Name);
