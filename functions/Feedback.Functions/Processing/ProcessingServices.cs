using Feedback.Classification;
using Feedback.Core.Processing;
using Feedback.Functions.Configuration;
using Feedback.Functions.Triggers;

namespace Feedback.Functions.Processing;

internal static class ProcessingServices
{
    /// <summary>Processing: the classifier (loaded once), what an SMS answers, and the ProcessFeedback function.</summary>
    public static IServiceCollection AddProcessing(this IServiceCollection services)
    {
        services.AddSingleton(provider => FeedbackClassifier.Load(string.IsNullOrWhiteSpace(provider.PipelineSettings().ClassifierModelPath) ? null : provider.PipelineSettings().ClassifierModelPath));
        services.AddSingleton<SmsReplies>();
        services.AddSingleton<ProcessFeedbackHandler>();
        services.AddSingleton<ProcessFeedbackFunction>();
        services.AddSingleton<IQueueTrigger>(provider => provider.GetRequiredService<ProcessFeedbackFunction>());
        return services;
    }
}
