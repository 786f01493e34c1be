using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Declarative.Gallery.Systems.TiedEmbeddings;
using TorchSharp.PyBridge;

namespace Declarative.Benchmarks;

/// <summary>
/// Loading a checkpoint of GPT-2 small (124M parameters, about 500 MB) into a model already built: the peak resident
/// memory the load adds, against the file's size, and the time against PyBridge's own load of the same file.
/// </summary>
/// <remarks>
/// Each load runs in a process of its own, so that its peak is its own: the process builds the model, resets its
/// peak (Linux's <c>/proc/self/clear_refs</c>), loads, and reports the peak above the resident memory before the
/// load. Loads alternate between the two loaders, round after round, and the report gives medians.
/// </remarks>
public static class CheckpointLoadBenchmark
{
    private static readonly string[] Loaders = { "declarative-safetensors", "pybridge-safetensors", "declarative-pt", "pybridge-pt" };

    public static void Run(TextWriter output, int rounds)
    {
        string folder = Path.Combine(Path.GetTempPath(), "declarative-checkpoint-bench");
        Directory.CreateDirectory(folder);
        try
        {
            using (var model = new TiedGpt2(Gpt2Config.Small))
            {
                // The model's own keys, each shared tensor once: a file both loaders accept.
                model.SaveSafetensors(Path.Combine(folder, "model.safetensors"));
                model.SavePyTorch(Path.Combine(folder, "model.pt"));
            }

            var results = Loaders.ToDictionary(l => l, _ => new List<(double Seconds, long PeakBytes)>());
            for (int round = 0; round < rounds; round++)
            {
                var order = round % 2 == 0 ? Loaders : Loaders.Reverse().ToArray();
                foreach (var loader in order)
                    results[loader].Add(Measure(loader, folder));
            }

            output.WriteLine($"GPT-2 small, tied, {rounds} rounds, each load in a fresh process; medians.");
            output.WriteLine("| file | size | loader | load time | peak memory added | added / file size |");
            output.WriteLine("|---|---:|---|---:|---:|---:|");
            foreach (var loader in Loaders)
            {
                long size = new FileInfo(Path.Combine(folder, loader.EndsWith("pt") ? "model.pt" : "model.safetensors")).Length;
                double seconds = Statistics.Median(results[loader].Select(r => r.Seconds));
                double peak = Statistics.Median(results[loader].Select(r => (double)r.PeakBytes));
                output.WriteLine($"| {(loader.EndsWith("pt") ? ".pt" : ".safetensors")} | {size / 1e6:N0} MB | {loader.Split('-')[0]} | " +
                                 $"{seconds:N2} s | {peak / 1e6:N0} MB | {peak / size:N2}x |");
            }
            foreach (var format in new[] { "safetensors", "pt" })
            {
                double ratio = Statistics.Median(results[$"declarative-{format}"].Zip(results[$"pybridge-{format}"], (d, p) => d.Seconds / p.Seconds));
                output.WriteLine($"{format}: Declarative's load time against PyBridge's, median of the rounds' ratios: {ratio:N2}x");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs one load in a child process of this program and reads back its time and peak.</summary>
    private static (double Seconds, long PeakBytes) Measure(string loader, string folder)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        foreach (var argument in new[] { "checkpoint-load", loader, folder }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        string line = process.StandardOutput.ReadToEnd().Trim().Split('\n')[^1];
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{loader} failed: {line}");
        var parts = line.Split(' ');
        return (double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>In the child: builds the model, loads the file with <paramref name="loader"/>, prints "seconds peakBytes".</summary>
    public static void LoadOnce(string loader, string folder, TextWriter output)
    {
        using var model = new TiedGpt2(Gpt2Config.Small);
        GC.Collect();
        long before = Status("VmRSS");
        File.WriteAllText("/proc/self/clear_refs", "5");   // resets VmHWM, the peak, to the resident size now

        var watch = Stopwatch.StartNew();
        // PyBridge's own loads are the baseline here, on a file without alias keys, which they load correctly.
#pragma warning disable DECL027
        switch (loader)
        {
            case "declarative-safetensors": model.LoadSafetensors(Path.Combine(folder, "model.safetensors")); break;
            case "pybridge-safetensors": model.load_safetensors(Path.Combine(folder, "model.safetensors")); break;
            case "declarative-pt": model.LoadPyTorch(Path.Combine(folder, "model.pt")); break;
            // PyBridge refuses the alias's key with strict, as it refuses PyTorch's own files of tied models.
            case "pybridge-pt": model.load_py(Path.Combine(folder, "model.pt"), strict: false); break;
            default: throw new ArgumentException($"Unknown loader {loader}.");
        }
#pragma warning restore DECL027
        watch.Stop();
        long peak = Status("VmHWM");
        output.WriteLine(FormattableString.Invariant($"{watch.Elapsed.TotalSeconds} {peak - before}"));
    }

    /// <summary>A size from /proc/self/status, in bytes.</summary>
    private static long Status(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}
