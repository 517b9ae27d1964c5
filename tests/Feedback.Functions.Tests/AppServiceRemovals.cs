using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Functions.Tests;

public static class AppServiceRemovals
{
    /// <summary>Takes out every registration the app made with <typeparamref name="T"/> as its implementation (the local trigger runner, one timer).</summary>
    public static IServiceCollection RemoveImplementation<T>(this IServiceCollection services)
    {
        foreach (var registration in services.Where(service => service.ImplementationType == typeof(T)).ToArray())
            services.Remove(registration);
        return services;
    }
}
