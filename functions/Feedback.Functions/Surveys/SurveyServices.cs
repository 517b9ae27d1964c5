using Feedback.Core.Notifications;
using Feedback.Core.Surveys;
using Feedback.Functions.Configuration;
using Feedback.Storage.Surveys;

namespace Feedback.Functions.Surveys;

internal static class SurveyServices
{
    /// <summary>Post-service surveys: when one may be sent, and which SMS answers one.</summary>
    public static IServiceCollection AddSurveys(this IServiceCollection services)
    {
        services.AddSingleton<ISurveyStore, TableSurveyStore>();
        services.AddSingleton(provider => new SurveyPolicy(provider.GetRequiredService<SmsRules>().QuietHours, TimeSpan.FromDays(provider.PipelineSettings().SurveyMinimumGapDays)));
        services.AddSingleton(provider => new OpenSurveyWindow(TimeSpan.FromHours(provider.PipelineSettings().SurveyReplyWindowHours), TimeSpan.FromHours(provider.PipelineSettings().CitizenQuestionWindowHours)));
        services.AddSingleton<SurveyScheduler>();
        return services;
    }
}
