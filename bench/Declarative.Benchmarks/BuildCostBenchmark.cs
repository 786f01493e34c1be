using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Declarative.Benchmarks;

/// <summary>
/// What users wait for: real <c>dotnet build</c>s of a project of 1,000 model classes, one a file, without
/// Declarative (its attributes referenced, no generator, no analyzers), with the generator, and with the generator
/// and the analyzers. Each build follows a touch of one file, with the compiler server warm; builds interleave round
/// by round, and the report gives medians and their ratios to the build without Declarative, then the execution
/// times that <c>-p:ReportAnalyzer=true</c> prints for each generator and analyzer. Given another checkout of the
/// repository (<c>build-cost N --before PATH</c>, e.g. a <c>git archive</c> of main), the generator and the analyzers
/// of that checkout are built as two more projects in the same rounds, so that a change is measured against what it
/// changes under the same load.
/// </summary>
public static class BuildCostBenchmark
{
    private const int Models = 1_000;

    public static void Run(TextWriter output, int rounds, string? before = null)
    {
        string repository = FindRepository();
        var variants = new List<(string Name, string Repository, bool Generator, bool Analyzers)>
        {
            ("without Declarative", repository, false, false),
            ("with the generator", repository, true, false),
            ("with the generator and the analyzers", repository, true, true),
        };
        if (before is not null)
        {
            variants.Add(("with the generator, before", Path.GetFullPath(before), true, false));
            variants.Add(("with the generator and the analyzers, before", Path.GetFullPath(before), true, true));
        }
        string root = Path.Combine(Path.GetTempPath(), "declarative-build-cost");
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        var projects = variants.Select(v => WriteProject(Path.Combine(root, Slug(v.Name)), v.Repository, v.Generator, v.Analyzers)).ToList();

        foreach (var project in projects)
        {
            Build(project, "restore");
            Build(project, "build", "-c", "Release");   // the first build, and the compiler server started
        }

        var walls = projects.ToDictionary(p => p, _ => new List<double>());
        for (int round = 0; round < rounds; round++)
        {
            var order = round % 2 == 0 ? projects : Enumerable.Reverse(projects).ToList();
            foreach (var project in order)
            {
                File.SetLastWriteTimeUtc(Path.Combine(project, "Model0.cs"), DateTime.UtcNow);
                walls[project].Add(Build(project, "build", "-c", "Release", "--no-restore").Seconds);
            }
        }

        output.WriteLine($"{Models:N0} model classes, `dotnet build -c Release` after touching one file, {rounds} rounds interleaved; medians.");
        output.WriteLine("| build | wall | ratio |");
        output.WriteLine("|---|---:|---:|");
        double floor = Statistics.Median(walls[projects[0]]);
        for (int i = 0; i < projects.Count; i++)
        {
            double median = Statistics.Median(walls[projects[i]]);
            output.WriteLine(FormattableString.Invariant($"| {variants[i].Name} | {median:N1} s | {median / floor:N2}x |"));
        }

        // One more build of each full variant, asking the compiler for each generator's and analyzer's time.
        for (int i = 2; i < projects.Count; i += 2)
        {
            File.SetLastWriteTimeUtc(Path.Combine(projects[i], "Model0.cs"), DateTime.UtcNow);
            var (_, log) = Build(projects[i], "build", "-c", "Release", "--no-restore", "-p:ReportAnalyzer=true", "-v:d");
            output.WriteLine();
            output.WriteLine($"`-p:ReportAnalyzer=true`, {variants[i].Name}:");
            foreach (var line in log.Split('\n').Select(l => l.Trim()).Where(IsTimingLine).Distinct())
                output.WriteLine($"    {line}");
        }
    }

    /// <summary>Lines of the compiler's analyzer report: totals, and Declarative's generator and analyzers.</summary>
    private static bool IsTimingLine(string line)
        => line.StartsWith("Total analyzer execution time", StringComparison.Ordinal)
        || line.StartsWith("Total generator execution time", StringComparison.Ordinal)
        || Regex.IsMatch(line, @"^\d+(\.\d+)?\s+\d+\s+Declarative\.");

    private static string WriteProject(string folder, string repository, bool generator, bool analyzers)
    {
        Directory.CreateDirectory(folder);
        string src = Path.Combine(repository, "src");
        var references = new StringBuilder();
        references.AppendLine($"    <ProjectReference Include=\"{src}/Runtime/Declarative.Runtime.csproj\" />");
        if (generator)
            references.AppendLine($"    <ProjectReference Include=\"{src}/Generator/Declarative.Generator.csproj\" OutputItemType=\"Analyzer\" ReferenceOutputAssembly=\"false\" />");
        if (analyzers)
            references.AppendLine($"    <ProjectReference Include=\"{src}/Analyzers/Declarative.Analyzers/Declarative.Analyzers.csproj\" OutputItemType=\"Analyzer\" ReferenceOutputAssembly=\"false\" />");
        File.WriteAllText(Path.Combine(folder, "Models.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="TorchSharp" Version="0.107.0" />
            {references}  </ItemGroup>
            </Project>
            """);
        // Outside the repository: its Directory.Build.props and central package versions stay out of the measurement.
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project />");
        for (int i = 0; i < Models; i++)
            File.WriteAllText(Path.Combine(folder, $"Model{i}.cs"), ModelSource(i));
        return folder;
    }

    /// <summary>A model whose constructor builds seven layers from its parameters, with two shared pairs and one
    /// tied pair, and a forward of a few lines.</summary>
    public static string ModelSource(int index) => $$"""
        using Declarative;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        namespace Models;

        public partial class Model{{index}} : Module<Tensor, Tensor>
        {
            [Shared("vocab", Member = "weight")] private readonly Embedding embed;
            [Shared("vocab", Member = "weight")] private readonly Linear head;
            [Shared("block")] private readonly Linear blockA;
            [Shared("block")] private readonly Linear blockB;
            [Tied("tower", Lambda = 0.1)] private readonly Linear towerA;
            [Tied("tower", Lambda = 0.1)] private readonly Linear towerB;
            private readonly LayerNorm norm;

            public Model{{index}}(long vocab, long dim) : base(nameof(Model{{index}}))
            {
                embed = Embedding(vocab, dim);
                head = Linear(dim, vocab, hasBias: false);
                blockA = Linear(dim, dim);
                blockB = Linear(dim, dim);
                towerA = Linear(dim, dim);
                towerB = Linear(dim, dim);
                norm = LayerNorm(dim);
                RegisterComponents();
            }

            public override Tensor forward(Tensor tokens)
            {
                var hidden = norm.call(embed.call(tokens));
                hidden = blockB.call(functional.relu(blockA.call(hidden)));
                return head.call(towerA.call(hidden) + towerB.call(hidden));
            }
        }
        """;

    private static (double Seconds, string Log) Build(string project, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The compiler server, as users build: an environment that turns it off (UseSharedCompilation=false, as CI
        // images and this project's machines do) would time a cold compiler, and Roslyn's start-up, every build.
        if (arguments[0] == "build") start.ArgumentList.Add("-p:UseSharedCompilation=true");
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string log = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        watch.Stop();
        if (process.ExitCode != 0)
        {
            var tail = string.Join("\n", log.Split('\n').TakeLast(30));
            throw new InvalidOperationException($"dotnet {string.Join(" ", arguments)} failed in {project}:\n{tail}\n{error.Result}");
        }
        return (watch.Elapsed.TotalSeconds, log);
    }

    private static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Declarative.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException("Run the benchmark from the repository's build output: Declarative.sln was not found above it.");
    }

    private static string Slug(string name) => name.Replace(' ', '-').Replace(",", "", StringComparison.Ordinal);
}
