using System.Globalization;
using BenchmarkDotNet.Running;
using Feedback.Benchmarks;

// dotnet run -c Release --project tests/Feedback.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/Feedback.Benchmarks -- azurite-costs CONNECTION_STRING 1000,5000,20000 (see azurite-costs.sh)
if (args is ["azurite-costs", var connectionString, var sizes])
    await AzuriteCosts.RunAsync(connectionString, [.. sizes.Split(',').Select(size => int.Parse(size, CultureInfo.InvariantCulture))]);
else
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
