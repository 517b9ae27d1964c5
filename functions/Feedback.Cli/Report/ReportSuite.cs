using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Feedback.Cli.Load;
using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Core.Notifications;
using Feedback.Messaging.StorageQueues;
using Feedback.Storage.Clients;
using Feedback.Storage.Connection;
using Feedback.Storage.Tables;

namespace Feedback.Cli.Report;

/// <summary>
/// Runs a report's parts against a <see cref="LocalPipeline"/>: the load scenarios (sustained, burst, mix of every intake),
/// each with its exactly-once checks, and the fault drills (Azurite killed, the app killed, Kavenegar failing, a poison message).
/// </summary>
public sealed class ReportSuite(LocalPipeline pipeline, ReportSize size, TextWriter progress) : IDisposable
{
    private const string SurveyAgency = "zanjan-water-wastewater";
    private const int MaxInFlight = 256;

    private readonly PipelineInspector inspector = PipelineInspector.Counted(pipeline.StorageConnectionString, pipeline.StandIn);
    private readonly string[] texts = LoadCorpus.Texts();
    private readonly HttpClient http = new() { BaseAddress = pipeline.AppAddress, Timeout = TimeSpan.FromSeconds(30) };
    private string? counterKey;
    private ProcessMemory? appMemory;

    public Task<double> RawInsertRateAsync(CancellationToken cancellationToken) =>
        ProcessingProbe.RawInsertRateAsync(inspector.Tables, 2_000, 32, cancellationToken);

    public Task<LoadFigures> SustainedAsync(CancellationToken cancellationToken) => LoadAsync(
        "sustained", $"Web form and SMS alternately (every twentieth SMS delivered twice, as Kavenegar redelivers), open loop at {size.SustainedPerSecond}/s for {size.SustainedSeconds} s.",
        size.SustainedPerSecond, size.SustainedSeconds, phoneBlock: 2, LoadIntakes.WebAndSms, cancellationToken);

    public Task<LoadFigures> BurstAsync(CancellationToken cancellationToken) => LoadAsync(
        "burst", $"SMS only, as the provider forwards a county's blackout (every twentieth delivered twice), open loop at {size.BurstPerSecond}/s (10× the target) for {size.BurstSeconds} s, at most {MaxInFlight} requests in flight.",
        size.BurstPerSecond, size.BurstSeconds, phoneBlock: 3, LoadIntakes.Sms, cancellationToken);

    public Task<LoadFigures> MixAsync(CancellationToken cancellationToken) => LoadAsync(
        "mix", $"Every intake in turn: web form, SMS, a counter office's batch (with the citizen's phone), and a survey reply (a completed service is reported, then its phone answers by SMS); open loop at {size.MixPerSecond}/s for {size.MixSeconds} s.",
        size.MixPerSecond, size.MixSeconds, phoneBlock: 4, LoadIntakes.Every, cancellationToken);

    /// <summary>
    /// A short load with Azurite writing its debug log: the requests the app and the report's own checks counted
    /// must be the requests Azurite logged (it logs each it serves once, with its method and address).
    /// </summary>
    public Task<LoadFigures> CountedAsync(CancellationToken cancellationToken) => LoadAsync(
        "counted", $"Web form and SMS alternately, open loop at {size.CountedPerSecond}/s for {size.CountedSeconds} s, with Azurite's debug log on (it slows Azurite down: throughput here is not comparable), to check the app's request counts against the requests Azurite logged.",
        size.CountedPerSecond, size.CountedSeconds, phoneBlock: 8, LoadIntakes.WebAndSms, cancellationToken, crossCheck: true);

    /// <summary>The app's highest peak resident set over the load scenarios (each ran on an app of its own), and its resident set after the last.</summary>
    public ProcessMemory? AppMemory() => appMemory;

    /// <summary>Every scenario and drill starts on empty storage and a fresh app, so none inherits another's data or backlog.</summary>
    private async Task StartOverAsync(CancellationToken cancellationToken, bool withDebugLogs = false, bool inMemory = false)
    {
        await pipeline.StartOverOnEmptyStorageAsync(cancellationToken, withDebugLogs, inMemory);
        counterKey = null;
    }

    public void Dispose() => http.Dispose();

    private async Task<LoadFigures> LoadAsync(string name, string description, double perSecond, double seconds, int phoneBlock, LoadIntakes intakes, CancellationToken cancellationToken, bool crossCheck = false)
    {
        var mix = intakes == LoadIntakes.Every;
        progress.WriteLine($"load: {name}…");
        // Load scenarios never restart Azurite: in memory, so its saves to disk do not slow them down as they grow.
        await StartOverAsync(cancellationToken, crossCheck, inMemory: true);
        var ownAtStart = inspector.Requests!.Snapshot();
        var intake = new IntakeClient(http, pipeline.SmsInboundSecret, $"report-{name}-{Guid.NewGuid():N}", phoneBlock, mix ? await CounterKeyAsync(cancellationToken) : null);
        var count = (int)Math.Round(perSecond * seconds);
        var surveyReplies = new System.Collections.Concurrent.ConcurrentBag<string>();
        var redeliveredElsewhere = 0;
        // Web (0), SMS (1), then in the mix a counter office's batch (2) and a survey reply (3): all but the web form bring a phone.
        int KindOf(int index) => intakes switch { LoadIntakes.Every => index % 4, LoadIntakes.Sms => 1, _ => index % 2 };
        async Task<IntakeAnswer> SendAsync(int index, CancellationToken token)
        {
            var text = texts[index % texts.Length];
            IntakeAnswer answer;
            switch (KindOf(index))
            {
                case 0:
                    return await intake.PostWebAsync(index, text, token);
                case 1:
                    answer = await intake.ForwardSmsAsync(index, text, token);
                    if (index % 20 == 1 && answer.TrackingCode is { } code && (await intake.ForwardSmsAsync(index, text, token)).TrackingCode is { } again && again != code)
                        Interlocked.Increment(ref redeliveredElsewhere);
                    break;
                case 2:
                    answer = await intake.PostCounterAsync(index, text, token);
                    break;
                default:
                    if (await intake.ReportServiceCompletedAsync(index, SurveyAgency, token) is { TrackingCode: null } notSurveyed)
                        return notSurveyed with { Refusal = $"service completed, {notSurveyed.Refusal ?? "refused"}" };
                    answer = await intake.ForwardSmsAsync(index, $"۴ {text}", token);
                    if (answer.TrackingCode is { } reply)
                        surveyReplies.Add(reply);
                    break;
            }
            return answer;
        }

        var requestsBefore = await AppRequests.ReadAsync(http, cancellationToken);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var results = await LoadGenerator.RunAsync(count, perSecond, MaxInFlight, SendAsync, cancellationToken);
        var sendSeconds = clock.Elapsed.TotalSeconds;
        var codes = results.Where(result => result.Accepted).Select(result => result.Answer.TrackingCode!).ToArray();
        var snapshot = await ProcessingProbe.WaitForRoutedAsync(inspector.Items, codes, size.ProcessingTimeout, cancellationToken);
        var withPhone = results.Where(result => result.Accepted && KindOf(result.Index) != 0).Select(result => result.Answer.TrackingCode!).Distinct(StringComparer.Ordinal).ToArray();
        var checks = new List<Check>(await inspector.ExactlyOnceAsync(codes, redeliveredElsewhere, snapshot, withPhone, size.ProcessingTimeout, cancellationToken));
        checks.Insert(0, new Check("every request accepted", codes.Length == count,
            $"{codes.Length} of {count} accepted; other answers: {Statuses(results.Where(result => !result.Accepted))}"));
        if (mix)
        {
            var linked = surveyReplies.Count(code => snapshot.Stored.TryGetValue(code, out var item) && item.SurveyId is not null);
            checks.Add(new Check("survey replies answer their survey", linked == surveyReplies.Count && !surveyReplies.IsEmpty, $"{linked} of {surveyReplies.Count} survey replies are linked to the survey their phone was sent"));
        }
        var requestsAfter = await AppRequests.ReadWhenQuietAsync(http, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60), cancellationToken);
        if (crossCheck)
            checks.Add(await RequestsLoggedCheckAsync(requestsAfter, inspector.Requests.Snapshot().Since(ownAtStart), cancellationToken));
        var spent = requestsAfter?.Since(requestsBefore!);
        var messages = codes.Distinct(StringComparer.Ordinal).Count();
        var endToEnd = snapshot.LastRoutedAt is { } last && snapshot.Routed > 0 ? snapshot.Routed / Math.Max(0.001, (last - started).TotalSeconds) : 0;
        var figures = new LoadFigures(name, description, count, codes.Length, perSecond, Math.Round(count / sendSeconds, 1),
            Percentiles.Of(results.Where(result => result.Accepted).Select(result => result.LatencyMs)), Percentiles.Of(snapshot.QueueLagsMs), Math.Round(endToEnd, 1), checks)
        {
            RequestsPerMessage = spent is not null && messages > 0 ? RequestsPerMessage.Of(spent, messages) : null,
            Requests = spent,
        };
        Report(name, figures.Checks);
        var memory = pipeline.AppMemory();
        appMemory = new ProcessMemory(Math.Max(memory.PeakResidentMiB, appMemory?.PeakResidentMiB ?? 0), memory.ResidentMiB);
        return figures;
    }

    /// <summary>
    /// Azurite logs one "…StorageContextMiddleware: RequestMethod=…" line per request it serves. Everything that talks to
    /// this Azurite is the app (its counts since it started, all on this storage) and this report's checks; the app's idle
    /// polling goes on while the log is read, so the log must fall between the app's counts read before and after it.
    /// Azurite writes its log asynchronously: it is read two seconds after the app's first count, when what that count
    /// holds has been written.
    /// </summary>
    private async Task<Check> RequestsLoggedCheckAsync(StorageRequestCounts? appBefore, StorageRequestCounts own, CancellationToken cancellationToken)
    {
        const string Marker = "StorageContextMiddleware: RequestMethod=";
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        long Logged(string service) => File.Exists(pipeline.DebugLog(service)) ? File.ReadLines(pipeline.DebugLog(service)).LongCount(line => line.Contains(Marker, StringComparison.Ordinal)) : 0;
        var (tablesLogged, queuesLogged) = (Logged("table"), Logged("queue"));
        var appAfter = await AppRequests.ReadAsync(http, cancellationToken);
        if (appBefore is null || appAfter is null)
            return new Check("request counts match Azurite's log", false, $"the app does not serve {AppRequests.Path}");
        bool Within(long logged, long low, long high) => logged >= low && logged <= high;
        var tablesMatch = Within(tablesLogged, appBefore.Tables.Total + own.Tables.Total, appAfter.Tables.Total + own.Tables.Total);
        var queuesMatch = Within(queuesLogged, appBefore.Queues.Total + own.Queues.Total, appAfter.Queues.Total + own.Queues.Total);
        return new Check("request counts match Azurite's log", tablesMatch && queuesMatch,
            $"Azurite logged {tablesLogged} table and {queuesLogged} queue requests; the app counted {appBefore.Tables.Total}–{appAfter.Tables.Total} table and {appBefore.Queues.Total}–{appAfter.Queues.Total} queue requests since it started (before and after the log was read), the report's checks {own.Tables.Total} and {own.Queues.Total}");
    }

    /// <summary>Azurite is killed in the middle of a load and started again on the same data: intake must answer 503 meanwhile, and lose nothing it accepted.</summary>
    public Task<DrillResult> AzuriteRestartAsync(CancellationToken cancellationToken) => DrillAsync(
        "azurite-restart",
        $"Web form and SMS at {size.OutagePerSecond}/s for {size.OutageLoadSeconds} s; a quarter of the way in Azurite is stopped (SIGINT: a SIGKILL would lose the writes its LokiJS table store had acknowledged but not yet saved, which real storage never does) and started again {size.OutageSeconds} s later on the same data folder.",
        async () =>
        {
            var intake = new IntakeClient(http, pipeline.SmsInboundSecret, $"report-outage-{Guid.NewGuid():N}", 5);
            var count = (int)(size.OutagePerSecond * size.OutageLoadSeconds);
            var load = LoadGenerator.RunAsync(count, size.OutagePerSecond, MaxInFlight, (index, token) => index % 2 == 0 ? intake.PostWebAsync(index, texts[index % texts.Length], token) : intake.ForwardSmsAsync(index, texts[index % texts.Length], token), cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(size.OutageLoadSeconds / 4), cancellationToken);
            var killedAt = DateTimeOffset.UtcNow;
            await pipeline.StopAzuriteAsync();
            await Task.Delay(TimeSpan.FromSeconds(size.OutageSeconds), cancellationToken);
            var restartedAt = DateTimeOffset.UtcNow;
            await pipeline.StartAzuriteAsync(cancellationToken);
            var results = await load;
            // Requests sent and answered entirely while Azurite was down.
            var duringOutage = results.Where(result => result.StartedAt >= killedAt.AddSeconds(1) && result.AnsweredAt <= restartedAt).ToArray();
            var codes = results.Where(result => result.Accepted).Select(result => result.Answer.TrackingCode!).ToArray();
            var snapshot = await ProcessingProbe.WaitForRoutedAsync(inspector.Items, codes, size.ProcessingTimeout, cancellationToken);
            var serverErrors = results.Count(result => result.Answer.Status >= 500 && result.Answer.Status != 503);
            var missing = codes.Distinct(StringComparer.Ordinal).Count(code => !snapshot.Stored.ContainsKey(code));
            var missingAnsweredBeforeStop = results.Count(result => result.Accepted && result.AnsweredAt < killedAt && !snapshot.Stored.ContainsKey(result.Answer.TrackingCode!));
            return new List<Check>
            {
                new("503 while Azurite is down", duringOutage.Length > 0 && duringOutage.All(result => result.Answer.Status == 503),
                    $"{duringOutage.Length} requests sent and answered during the outage: {Statuses(duringOutage)}"),
                new("no other server errors", serverErrors == 0, $"{serverErrors} answers of 5xx other than 503 in the whole run ({Statuses(results.Where(result => !result.Accepted))} not accepted)"),
                new("nothing accepted is missing", missing == 0 && snapshot.Routed == codes.Distinct(StringComparer.Ordinal).Count(),
                    $"{codes.Length} accepted, {codes.Length - missing} stored after recovery ({missingAnsweredBeforeStop} of the missing were answered before Azurite stopped), {snapshot.Routed} routed"),
            };
        }, cancellationToken);

    /// <summary>The app is killed while it processes a backlog and started again: every accepted message completes, once.</summary>
    public Task<DrillResult> AppRestartAsync(CancellationToken cancellationToken) => DrillAsync(
        "app-restart",
        $"{size.CrashMessages} web and SMS messages sent as fast as 32 connections allow; as soon as the first is routed, the app is killed (SIGKILL) with the rest in its queue and in flight, then started again. Messages it held come back after their 60 s lease.",
        async () =>
        {
            var intake = new IntakeClient(http, pipeline.SmsInboundSecret, $"report-crash-{Guid.NewGuid():N}", 6);
            var results = await LoadGenerator.RunAsync(size.CrashMessages, null, 32, (index, token) => index % 2 == 0 ? intake.PostWebAsync(index, texts[index % texts.Length], token) : intake.ForwardSmsAsync(index, texts[index % texts.Length], token), cancellationToken);
            var codes = results.Where(result => result.Accepted).Select(result => result.Answer.TrackingCode!).ToArray();
            var withPhone = results.Where(result => result.Accepted && result.Index % 2 == 1).Select(result => result.Answer.TrackingCode!).ToArray();
            // Killed as soon as the first message is routed: processing is under way and the backlog intake built is not done.
            await ProcessingProbe.WaitForRoutedAsync(inspector.Items, codes[..1], TimeSpan.FromSeconds(60), cancellationToken);
            await pipeline.KillAppAsync();
            var before = await ProcessingProbe.WaitForRoutedAsync(inspector.Items, codes, TimeSpan.Zero, cancellationToken);
            await pipeline.StartAppAsync(cancellationToken);
            var snapshot = await ProcessingProbe.WaitForRoutedAsync(inspector.Items, codes, size.ProcessingTimeout, cancellationToken);
            var checks = new List<Check>
            {
                new("killed mid-processing", before.Routed < codes.Length, $"{before.Routed} of {codes.Length} were routed when the app was killed"),
                new("every request accepted", codes.Length == size.CrashMessages, $"{codes.Length} of {size.CrashMessages}"),
            };
            checks.AddRange(await inspector.ExactlyOnceAsync(codes, 0, snapshot, withPhone, size.ProcessingTimeout, cancellationToken));
            return checks;
        }, cancellationToken);

    /// <summary>Kavenegar answers 5xx, times out and answers 409: acknowledgements wait and go out once each. Then 418 (no credit): sending pauses, and the SMS goes out after the pause, once.</summary>
    public Task<DrillResult> KavenegarFaultsAsync(CancellationToken cancellationToken) => DrillAsync(
        "kavenegar-faults",
        $"{size.KavenegarMessages} SMS are accepted while the Kavenegar stand-in answers its next calls with 502, 503, two answers held 12 s (past the client's 10 s timeout, after the send was accepted) and 409 (server busy); "
        + $"then one more SMS while it answers 418 (credit exhausted): sending pauses ({LocalPipeline.SmsPause.TotalSeconds:0} s here, Feedback__SmsPausedRetryMinutes) and the SMS goes out after.",
        async () =>
        {
            var standIn = pipeline.StandIn;
            var callsBefore = standIn.Calls.Count;
            standIn.FailNextWithHttpStatus(1, HttpStatusCode.BadGateway);
            standIn.FailNextWithHttpStatus(1, HttpStatusCode.ServiceUnavailable);
            standIn.DelayNext(2, TimeSpan.FromSeconds(12));
            standIn.FailNext(2, 409);
            var intake = new IntakeClient(http, pipeline.SmsInboundSecret, $"report-kavenegar-{Guid.NewGuid():N}", 7);
            var results = await LoadGenerator.RunAsync(size.KavenegarMessages, null, 4, (index, token) => intake.ForwardSmsAsync(index, texts[index % texts.Length], token), cancellationToken);
            var codes = results.Where(result => result.Accepted).Select(result => result.Answer.TrackingCode!).ToArray();
            var snapshot = await ProcessingProbe.WaitForRoutedAsync(inspector.Items, codes, size.ProcessingTimeout, cancellationToken);
            var acknowledgements = await inspector.AcknowledgementsCheckAsync(codes, size.ProcessingTimeout, cancellationToken);
            var failedCalls = standIn.Calls.Skip(callsBefore).Count(call => call.HttpStatus is 502 or 503 or 409);
            var checks = new List<Check>
            {
                new("faults were met", failedCalls >= 4, $"{failedCalls} calls answered 502, 503 or 409 by the stand-in"),
                new("processed", snapshot.Routed == size.KavenegarMessages, $"{snapshot.Routed} of {size.KavenegarMessages} routed"),
                acknowledgements,
            };

            var creditCallsBefore = standIn.Calls.Count;
            standIn.FailNext(1, 418);
            var late = await intake.ForwardSmsAsync(size.KavenegarMessages, texts[0], cancellationToken);
            if (late.TrackingCode is not { } lateCode)
            {
                checks.Add(new Check("418 pauses sending, then it goes out", false, $"the SMS was not accepted ({late.Status})"));
                return checks;
            }
            var lateAck = (await inspector.AcknowledgementsAsync([lateCode], cancellationToken)).Single();
            int MetCredit() => standIn.Calls.Skip(creditCallsBefore).Count(call => call.HttpStatus == 418 && call.Endpoint == "sms/send");
            var paused = await WaitForAsync(async token => MetCredit() > 0 && await inspector.Sms.GetAsync(lateAck.PhoneHash, lateAck.Key, token) is { State: SmsState.Queued }, TimeSpan.FromSeconds(60), cancellationToken);
            var waited = Stopwatch.StartNew();
            var sentAfterPause = await WaitForAsync(async token => await inspector.Sms.GetAsync(lateAck.PhoneHash, lateAck.Key, token) is { State: SmsState.Sent }, LocalPipeline.SmsPause + TimeSpan.FromSeconds(90), cancellationToken);
            var lateSms = await inspector.Sms.GetAsync(lateAck.PhoneHash, lateAck.Key, cancellationToken);
            var sentTwice = standIn.Messages.GroupBy(message => (message.Receptor, message.Text)).Count(group => group.Count() > 1);
            checks.Add(new Check("418 pauses sending, then it goes out", paused && sentAfterPause && sentTwice == 0,
                $"its send met 418 {MetCredit()} times and the acknowledgement {(paused ? "waited" : "did not wait")} (Queued, not failed); {(sentAfterPause ? $"it was sent {waited.Elapsed.TotalSeconds:0} s later, after the {LocalPipeline.SmsPause.TotalSeconds:0} s pause" : $"it is {lateSms?.State.ToString() ?? "missing"} {LocalPipeline.SmsPause.TotalSeconds + 90:0} s later")}; {sentTwice} texts sent twice"));
            return checks;
        }, cancellationToken);

    /// <summary>
    /// Kavenegar forwards inbound SMS while the app is down: every forward fails and Kavenegar leaves the messages unread
    /// (it never forwards one twice). After the app comes back, FetchInboundSms reads them with sms/receive: each is stored once.
    /// </summary>
    public Task<DrillResult> InboundOutageAsync(CancellationToken cancellationToken) => DrillAsync(
        "inbound-outage",
        $"The app is killed; the Kavenegar stand-in receives {size.InboundOutageMessages} citizens' SMS on line {LocalPipeline.ReceivingLine} and forwards each to the app's SmsInbound, which fails (nothing listens). "
        + "The app is started again; its FetchInboundSms timer reads the unread messages with sms/receive and feeds them through the same intake, de-duplicated by Kavenegar's message id.",
        async () =>
        {
            var standIn = pipeline.StandIn;
            await pipeline.KillAppAsync();
            var count = size.InboundOutageMessages;
            var runBlock = Random.Shared.Next(1_000_000, 8_000_000);
            var received = await LoadGenerator.RunAsync(count, null, 16, async (index, token) =>
            {
                var message = await standIn.ReceiveSmsAsync($"0937{runBlock + index:D7}", LocalPipeline.ReceivingLine, texts[index % texts.Length], token);
                return new IntakeAnswer(message.Forwarded ? 200 : 503, message.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }, cancellationToken);
            var messageIds = received.Select(result => result.Answer.TrackingCode!).ToHashSet(StringComparer.Ordinal);
            var forwardedWhileDown = received.Count(result => result.Answer.Status == 200);
            var callsBefore = standIn.Calls.Count;
            var restarted = Stopwatch.StartNew();
            await pipeline.StartAppAsync(cancellationToken);
            bool AllRead() => standIn.Inbox.Where(message => messageIds.Contains(Invariant(message.MessageId))).All(message => message.IsRead);
            var fetched = await WaitForAsync(_ => Task.FromResult(AllRead()), TimeSpan.FromSeconds(120), cancellationToken);
            var fetchedAfter = restarted.Elapsed.TotalSeconds;
            var receiveCalls = standIn.Calls.Skip(callsBefore).Count(call => call.Endpoint == "sms/receive");

            // Each message id's de-duplication claim names the item made from it: one claim, one code, one item each. Intake
            // is still storing what it fetched when the last message is read, so the claims are awaited.
            var claims = new Dictionary<string, string>(StringComparer.Ordinal);
            await WaitForAsync(async token =>
            {
                foreach (var messageId in messageIds.Where(id => !claims.ContainsKey(id)))
                {
                    if (await inspector.Items.FindSmsClaimAsync(SmsDeduplication.Key(messageId, "", "", "", DateTimeOffset.UtcNow), token) is { } code)
                        claims[messageId] = code.Value;
                }
                return claims.Count == count;
            }, size.ProcessingTimeout, cancellationToken);
            var codes = claims.Values.ToArray();
            var snapshot = await ProcessingProbe.WaitForRoutedAsync(inspector.Items, codes, size.ProcessingTimeout, cancellationToken);
            var items = await inspector.Items.CountItemsAsync(cancellationToken);
            var checks = new List<Check>
            {
                new("every forward failed while the app was down", forwardedWhileDown == 0, $"{count - forwardedWhileDown} of {count} forwards failed and were left unread at Kavenegar"),
                new("fetched with sms/receive after the restart", fetched, $"{standIn.Inbox.Count(message => messageIds.Contains(Invariant(message.MessageId)) && message.IsRead)} of {count} read {fetchedAfter:0} s after the restart began, in {receiveCalls} sms/receive calls"),
                new("each stored exactly once", claims.Count == count && codes.Distinct(StringComparer.Ordinal).Count() == count && items == count,
                    $"{claims.Count} of {count} message ids claimed, {codes.Distinct(StringComparer.Ordinal).Count()} distinct tracking codes, {items} items in storage (empty before the drill)"),
            };
            checks.AddRange(await inspector.ExactlyOnceAsync(codes, 0, snapshot, codes, size.ProcessingTimeout, cancellationToken));
            return checks;
        }, cancellationToken);

    private static string Invariant(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A message whose item does not exist is retried, then dead-lettered with its reason; once the item exists, `deadletter replay` makes it go through.</summary>
    public Task<DrillResult> PoisonMessageAsync(CancellationToken cancellationToken) => DrillAsync(
        "poison-message",
        "A feedback-intake message naming a tracking code no item has is put on the queue: it fails each delivery, is retried with back-off, and after the fifth is dead-lettered to feedback-intake-poison. "
        + "The item is then stored (as intake would have) and `feedback deadletter replay` sends the message back: it is processed.",
        async () =>
        {
            var transport = new StorageQueueTransport(StorageClients.FromConnectionString(pipeline.StorageConnectionString).Queues);
            var code = TrackingCode.NewCode();
            var body = new ReceivedItems(code).Serialize();
            await transport.SendAsync(ReceivedItems.Queue, new OutgoingMessage($"report-poison-{code}", body, new Dictionary<string, string>()), cancellationToken);

            DeadLetterEntry? letter = null;
            await WaitForAsync(async token =>
            {
                letter = ListDeadLetters().FirstOrDefault(entry => entry.TrackingCode == code.Value);
                await Task.CompletedTask;
                return letter is not null;
            }, TimeSpan.FromSeconds(100), cancellationToken, TimeSpan.FromSeconds(3));
            var checks = new List<Check>
            {
                new("dead-lettered with its reason", letter is { Reason.Length: > 0 }, letter is null ? "not in feedback-intake-poison within 100 s" : $"in {letter.Queue}-poison: \"{letter.Reason}\""),
            };
            if (letter is null)
                return checks;

            await inspector.Items.TryCreateAsync(new FeedbackItem { TrackingCode = code, Channel = FeedbackChannel.Web, Text = texts[1], Province = "zanjan", ReceivedAt = DateTimeOffset.UtcNow }, cancellationToken);
            var replay = Cli("deadletter", "--storage", pipeline.StorageConnectionString, "--queue", Queues.FeedbackIntake, "replay", "--id", letter.Id);
            var snapshot = await ProcessingProbe.WaitForRoutedAsync(inspector.Items, [code.Value], TimeSpan.FromSeconds(60), cancellationToken);
            checks.Add(new Check("replayed and processed", replay.ExitCode == 0 && snapshot.Routed == 1, $"deadletter replay exited {replay.ExitCode}; the item is {(snapshot.Stored.TryGetValue(code.Value, out var item) ? item.Status.ToString() : "missing")}"));
            return checks;
        }, cancellationToken);

    public Task<DrillResult> SecurityAsync(CancellationToken cancellationToken) => DrillAsync(
        "security",
        "What the outside probe of issue 19 tried, against the app process on its own port: status look-ups of random well-formed codes with a fresh X-Forwarded-For each, staff endpoints with a forged X-MS-CLIENT-PRINCIPAL, a body that stalls after 10 bytes (raw TCP), a chunked 420 KB form, then messages with phone numbers, a national ID and a card number typed into their text, after which every file of Azurite's data and the app's log is searched for each of them in ASCII, Persian and Arabic-Indic digits; then the hostile-input suite (over 10,000 malformed or hostile requests over every mapped route, and the probe's findings) runs through dotnet test.",
        () => new SecurityProbe(http, pipeline).RunAsync(cancellationToken),
        cancellationToken);

    /// <summary>The classifier's throughput and cold model load, from `feedback bench classifier --json`.</summary>
    public ClassifierFigures Classifier()
    {
        progress.WriteLine("benchmark: classifier…");
        var run = Cli("bench", "classifier", "--json", "--seconds", size.BenchSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (run.ExitCode != 0)
            throw new CliException($"bench classifier failed: {run.Error.Trim()}", ExitCodes.Failure);
        var figures = JsonDocument.Parse(run.Out).RootElement;
        return new ClassifierFigures(figures.GetProperty("classificationsPerSecond").GetDouble(), figures.GetProperty("modelLoadMs").GetDouble(), figures.GetProperty("modelBytes").GetInt64());
    }

    private sealed record DeadLetterEntry(string Queue, string Id, string Reason, string? TrackingCode);

    private sealed record CliOutput(int ExitCode, string Out, string Error);

    private DeadLetterEntry[] ListDeadLetters()
    {
        var run = Cli("deadletter", "--storage", pipeline.StorageConnectionString, "--queue", Queues.FeedbackIntake, "list", "--json");
        if (run.ExitCode != 0)
            return [];
        return JsonDocument.Parse(run.Out).RootElement.EnumerateArray()
            .Select(entry => new DeadLetterEntry(
                entry.GetProperty("queue").GetString()!,
                entry.GetProperty("id").GetString()!,
                entry.TryGetProperty("reason", out var reason) ? reason.GetString() ?? "" : "",
                entry.TryGetProperty("trackingCode", out var code) ? code.GetString() : null))
            .ToArray();
    }

    /// <summary>Runs another of the CLI's commands in this process, as a user would, capturing what it prints.</summary>
    private static CliOutput Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = FeedbackCli.Run(args, new CliConsole(new StringReader(""), output, error));
        return new CliOutput(exitCode, output.ToString(), error.ToString());
    }

    private async Task<string> CounterKeyAsync(CancellationToken cancellationToken)
    {
        if (counterKey is not null)
            return counterKey;
        var store = new TableApiKeyStore(inspector.Tables);
        var (key, hash) = Feedback.Core.Clients.ApiKeys.Create();
        await store.EnsureTableAsync(cancellationToken);
        await store.SaveAsync(hash, new Feedback.Core.Clients.ApiClient(TableApiKeyStore.ClientIdOf(hash), "report counter office", "zanjan", DateTimeOffset.UtcNow, Revoked: false), cancellationToken);
        return counterKey = key;
    }

    private async Task<DrillResult> DrillAsync(string name, string description, Func<Task<List<Check>>> run, CancellationToken cancellationToken)
    {
        progress.WriteLine($"drill: {name}…");
        await StartOverAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        List<Check> checks;
        try
        {
            checks = await run();
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            checks = [new Check("ran to the end", false, $"{failure.GetType().Name}: {failure.Message.Split('\n')[0]}")];
        }
        var result = new DrillResult(name, description, Math.Round(clock.Elapsed.TotalSeconds, 1), checks);
        Report(name, checks);
        progress.WriteLine($"{(result.Passed ? "PASS" : "FAIL")} {name}");
        return result;
    }

    private void Report(string name, IEnumerable<Check> checks)
    {
        foreach (var check in checks)
            progress.WriteLine($"  {(check.Passed ? "PASS" : "FAIL")} {name}: {check.Name}: {check.Detail}");
    }

    private static async Task<bool> WaitForAsync(Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken, TimeSpan? every = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await condition(cancellationToken))
                return true;
            await Task.Delay(every ?? TimeSpan.FromSeconds(1), cancellationToken);
        }
        return await condition(cancellationToken);
    }

    private static string Statuses(IEnumerable<IntakeResult> results)
    {
        var groups = results.GroupBy(result => result.Answer.Outcome, StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal).Select(group => $"{group.Count()} × {group.Key}").ToArray();
        return groups.Length == 0 ? "none" : string.Join(", ", groups);
    }
}

/// <summary>Which intakes a load scenario sends through.</summary>
internal enum LoadIntakes
{
    /// <summary>The web form and SMS alternately.</summary>
    WebAndSms,

    /// <summary>Every message an SMS forwarded by the provider.</summary>
    Sms,

    /// <summary>Every intake in turn: web form, SMS, a counter office's batch, a survey reply.</summary>
    Every,
}
