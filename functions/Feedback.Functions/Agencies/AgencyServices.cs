using Feedback.Core.Agencies;
using Feedback.Functions.Access;
using Feedback.Functions.Operations;
using Feedback.Functions.Triggers;
using Feedback.Storage.Access;
using Feedback.Storage.Agencies;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Agencies;

/// <summary>The agency workflow's services: staff sign-in and membership, the inbox, its actions, the SLA timer.</summary>
internal static class AgencyServices
{
    public static IServiceCollection AddAgencies(this IServiceCollection services, bool local)
    {
        services.AddOptions<SlaSettings>().BindConfiguration(SlaSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlaSettings>, SlaSettingsValidation>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<SlaSettings>>().Value.ToPolicy());

        services.AddSingleton<TableStaffMembers>();
        if (local)
        {
            services.AddSingleton<DevSession>();
            services.AddSingleton<StaffSignIn, LocalStaffSignIn>();
        }
        else
        {
            services.AddSingleton<AppServiceAuthentication>();
            services.AddSingleton<StaffSignIn, EntraStaffSignIn>();
        }
        services.AddSingleton<IStaffUserResolver, StaffUserResolver>();

        services.AddSingleton<TableAgencyInbox>();
        services.AddSingleton<IAgencyInbox>(provider => provider.GetRequiredService<TableAgencyInbox>());
        services.AddSingleton<TableSlaBreachLog>();
        services.AddSingleton<ISlaBreachLog>(provider => provider.GetRequiredService<TableSlaBreachLog>());
        services.AddSingleton<TableLabelStore>();
        services.AddSingleton<ILabelStore>(provider => provider.GetRequiredService<TableLabelStore>());
        services.AddSingleton<CaseFollowUps>();
        services.AddSingleton<AgencyActions>();
        services.AddSingleton<SlaEscalation>();
        services.AddSingleton<ITimerTrigger, SlaEscalationFunction>();
        if (local)
            services.AddHostedService<AgencyStorageSetup>();
        return services;
    }
}

/// <summary>
/// Local mode only: creates the agency workflow's tables and seeds the demo members of staff (in Azure the deployment
/// creates the tables and <c>./feedback members add</c> records real staff). Retries in the background while
/// storage is down, as the pipeline's own setup does.
/// </summary>
internal sealed partial class AgencyStorageSetup(TableStaffMembers members, TableSlaBreachLog breaches, TableLabelStore labels, ILogger<AgencyStorageSetup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await StorageRetry.UntilDoneAsync(async token =>
        {
            await members.EnsureTableAsync(token);
            await breaches.EnsureTableAsync(token);
            await labels.EnsureTableAsync(token);
            foreach (var member in DemoStaff.Members)
                await members.SaveAsync(member, token);
        }, (attempt, reason) => LogStorageDown(logger, attempt, reason), stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agency tables: storage is not reachable yet (attempt {Attempt}): {Reason}")]
    private static partial void LogStorageDown(ILogger logger, int attempt, string reason);
}
