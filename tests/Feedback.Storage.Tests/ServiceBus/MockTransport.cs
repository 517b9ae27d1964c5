using System.Diagnostics.CodeAnalysis;
using System.Net;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Feedback.Storage.Tests.ServiceBus;

/// <summary>An Azure.Core transport that records every try and answers from a script, without a network.</summary>
internal sealed class MockTransport : HttpPipelineTransport
{
    private readonly Func<CapturedRequest, MockAnswer> answer;

    public MockTransport(Func<CapturedRequest, MockAnswer> answer)
    {
        this.answer = answer;
    }

    /// <summary>Answers the statuses in order, the last one for every further try.</summary>
    public MockTransport(params int[] statuses)
        : this(request => new MockAnswer(statuses[Math.Min(request.Index, statuses.Length - 1)]))
    {
    }

    public List<CapturedRequest> Requests { get; } = [];

    public override Request CreateRequest() => new MockRequest();

    public override void Process(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var captured = Capture(message.Request);
        var scripted = answer(captured);
        if (scripted.Failure is not null)
        {
            throw scripted.Failure;
        }

        message.Response = new MockResponse(scripted.Status);
    }

    public override ValueTask ProcessAsync(HttpMessage message)
    {
        Process(message);
        return ValueTask.CompletedTask;
    }

    private CapturedRequest Capture(Request request)
    {
        using var body = new MemoryStream();
        request.Content?.WriteTo(body, CancellationToken.None);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Name] = header.Value;
        }

        var captured = new CapturedRequest(Requests.Count, request.Method, request.Uri.ToUri(), headers, body.ToArray());
        Requests.Add(captured);
        return captured;
    }

    private sealed class MockRequest : Request
    {
        private readonly List<HttpHeader> headers = [];

        public override string ClientRequestId { get; set; } = Guid.NewGuid().ToString();

        public override void Dispose()
        {
        }

        protected override void AddHeader(string name, string value) => headers.Add(new HttpHeader(name, value));

        protected override bool ContainsHeader(string name) => headers.Exists(header => Matches(header, name));

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => headers;

        protected override bool RemoveHeader(string name) => headers.RemoveAll(header => Matches(header, name)) > 0;

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
        {
            value = headers.Find(header => Matches(header, name)).Value;
            return value is not null;
        }

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            var found = headers.Where(header => Matches(header, name)).Select(header => header.Value).ToList();
            values = found.Count > 0 ? found : null;
            return values is not null;
        }

        private static bool Matches(HttpHeader header, string name) => string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase);
    }

    private sealed class MockResponse(int status) : Response
    {
        public override int Status => status;

        public override string ReasonPhrase => ((HttpStatusCode)status).ToString();

        public override Stream? ContentStream { get; set; } = new MemoryStream();

        public override string ClientRequestId { get; set; } = string.Empty;

        public override void Dispose() => ContentStream?.Dispose();

        protected override bool ContainsHeader(string name) => false;

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
        {
            value = null;
            return false;
        }

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = null;
            return false;
        }
    }
}

/// <summary>One try as the transport saw it; <see cref="Index"/> counts tries from 0.</summary>
internal sealed record CapturedRequest(int Index, RequestMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>The status to answer with, or a failure to throw as the network would.</summary>
internal sealed record MockAnswer(int Status, Exception? Failure = null);
