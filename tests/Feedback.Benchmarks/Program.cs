using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Feedback.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
