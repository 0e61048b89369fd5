using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// `--quick` trades precision for time (a short run); everything else goes to BenchmarkDotNet (e.g. --filter).
var quick = args.Contains("--quick");
var config = quick ? DefaultConfig.Instance.AddJob(Job.ShortRun) : DefaultConfig.Instance;
BenchmarkSwitcher.FromAssembly(typeof(Orleans.Handoff.Benchmarks.PolicyEvaluationBenchmark).Assembly)
    .Run([.. args.Where(a => a != "--quick"), .. args.Contains("--filter") ? Array.Empty<string>() : ["--filter", "*"]], config);
