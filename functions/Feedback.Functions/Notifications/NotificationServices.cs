using Feedback.Core.Notifications;
using Feedback.Functions.Configuration;
using Feedback.Functions.Triggers;
using Feedback.Kavenegar;
using Feedback.Storage.Notifications;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Notifications;

internal static class NotificationServices
{
    /// <summary>Outgoing SMS: Kavenegar when a key is configured, the developer outbox otherwise (Local mode only).</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton(provider => new PublicPages(new Uri(provider.PipelineSettings().PublicBaseUrl)));
        services.AddSingleton(provider => new SmsRules(
            new QuietHours(TimeOnly.ParseExact(provider.PipelineSettings().QuietHoursStart, "HH:mm", System.Globalization.CultureInfo.InvariantCulture), TimeOnly.ParseExact(provider.PipelineSettings().QuietHoursEnd, "HH:mm", System.Globalization.CultureInfo.InvariantCulture)),
            new DailyCap(provider.PipelineSettings().DailySmsCap),
            TimeSpan.FromMinutes(provider.PipelineSettings().SmsPausedRetryMinutes)));
        services.AddSingleton<SmsSendingStatus>();
        services.AddSingleton<TableSmsStore>();
        services.AddSingleton<ISmsStore>(provider => provider.GetRequiredService<TableSmsStore>());
        services.AddSingleton<TableOutboxGateway>();
        services.AddKavenegarClient(_ => { });
        services.AddOptions<KavenegarOptions>().Configure<IOptions<PipelineSettings>>((options, settings) =>
        {
            options.ApiKey = settings.Value.Kavenegar.ApiKey;
            options.Sender = settings.Value.Kavenegar.Sender;
            if (Uri.TryCreate(settings.Value.Kavenegar.BaseAddress, UriKind.Absolute, out var address))
                options.BaseAddress = address;
        });
        services.AddSingleton<ISmsGateway>(provider => string.IsNullOrWhiteSpace(provider.PipelineSettings().Kavenegar.ApiKey)
            ? provider.GetRequiredService<TableOutboxGateway>()
            : new KavenegarSmsGateway(provider.GetRequiredService<KavenegarClient>()));
        services.AddSingleton<SmsDispatcher>();
        services.AddSingleton<DeliveryReports>();
        services.AddSingleton<PhonePreferences>();
        services.AddSingleton<SendNotificationsFunction>();
        services.AddSingleton<IQueueTrigger>(provider => provider.GetRequiredService<SendNotificationsFunction>());
        services.AddSingleton<ITimerTrigger, PollSmsStatusFunction>();
        return services;
    }
}
