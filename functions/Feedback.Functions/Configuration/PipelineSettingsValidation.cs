using Microsoft.Extensions.Options;

namespace Feedback.Functions.Configuration;

/// <summary>Runs <see cref="PipelineSettings.Validate"/> when the app starts, so it never serves with broken settings.</summary>
internal sealed class PipelineSettingsValidation : IValidateOptions<PipelineSettings>
{
    public ValidateOptionsResult Validate(string? name, PipelineSettings options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
