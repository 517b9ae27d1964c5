namespace Feedback.Core.Agencies;

/// <summary>What a member of an agency's staff does to an item in the inbox; <see cref="AgencyWorkflow"/> decides whether it may.</summary>
public abstract record AgencyAction
{
    private AgencyAction()
    {
    }

    /// <summary>The action's name in the inbox API's path (/api/inbox/items/{code}/{name}).</summary>
    public abstract string Name { get; }

    /// <summary>Every action's name, in the order the inbox offers them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["acknowledge", "start", "resolve", "reject", "reassign", "correct", "to-case", "to-feedback", "ask"];

    /// <summary>The agency has seen the item.</summary>
    public sealed record Acknowledge : AgencyAction
    {
        public override string Name => "acknowledge";
    }

    /// <summary>The agency is working on it.</summary>
    public sealed record StartWork : AgencyAction
    {
        public override string Name => "start";
    }

    /// <summary>Dealt with: <see cref="Reply"/> goes to the citizen by SMS and on the status page.</summary>
    public sealed record Resolve(string? Reply) : AgencyAction
    {
        public override string Name => "resolve";
    }

    /// <summary>Not acted on: <see cref="Reason"/> goes to the citizen by SMS and on the status page.</summary>
    public sealed record Reject(string? Reason) : AgencyAction
    {
        public override string Name => "reject";
    }

    /// <summary>Routed to the wrong agency: it moves to <see cref="AgencyKey"/>'s inbox and the mistake is recorded.</summary>
    public sealed record Reassign(string? AgencyKey, string? Reason) : AgencyAction
    {
        public override string Name => "reassign";
    }

    /// <summary>Sets the sentiment and/or topic (taxonomy keys), kept as labelled data for retraining.</summary>
    public sealed record CorrectLabels(string? Sentiment, string? Topic) : AgencyAction
    {
        public override string Name => "correct";
    }

    /// <summary>Feedback that does need the agency to act after all: it becomes a case, with a fresh SLA clock.</summary>
    public sealed record MakeCase : AgencyAction
    {
        public override string Name => "to-case";
    }

    /// <summary>A case that asks nothing of the agency (praise, thanks): recorded as feedback and closed, no SLA.</summary>
    public sealed record MakeFeedback : AgencyAction
    {
        public override string Name => "to-feedback";
    }

    /// <summary>Asks the citizen <see cref="Question"/> by SMS; their next SMS within <see cref="Wait"/> is attached to the case, whose SLA clock stands still meanwhile.</summary>
    public sealed record Ask(string? Question, TimeSpan Wait) : AgencyAction
    {
        public override string Name => "ask";
    }
}
