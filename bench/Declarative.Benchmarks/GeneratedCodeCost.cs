using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Basic.Reference.Assemblies;
using Declarative.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace Declarative.Benchmarks;

/// <summary>
/// What the compiler spends on the generated code of the build-cost project's 1,000 models: the project is compiled
/// in-process (<c>Emit</c> of the assembly and its portable PDB, Release, nullable enabled, one thread), without the
/// generated files, with them, and with them changed one way at a time (doc comments, <c>[GeneratedCode]</c> or one
/// override taken out; the nullable header as it was; empty partial declarations for the cost of a file alone). Each
/// emit's CPU time is the process's, so that the other work on the machine does not count; variants interleave round by
/// round after one warm-up round, and the report gives medians and minimums.
/// </summary>
public static class GeneratedCodeCost
{
    private const int Models = 1_000;
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private static readonly string[] Overrides = { "named_parameters", "named_buffers", "state_dict", "load_state_dict", "load", "_toEpilog" };

    public static void Run(TextWriter output, int rounds)
    {
        var references = Net80.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(SharedAttribute).Assembly.Location))
            .ToImmutableArray();
        var models = Enumerable.Range(0, Models).Select(i => Parse(BuildCostBenchmark.ModelSource(i), $"Model{i}.cs")).ToList();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release,
            nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false, deterministic: true);

        var driver = CSharpGeneratorDriver.Create(new[] { new DeclarativeGenerator().AsSourceGenerator() }, parseOptions: ParseOptions)
            .RunGenerators(CSharpCompilation.Create("Models", models, references, options));
        var generated = driver.GetRunResult().GeneratedTrees.Select(t => (Path: t.FilePath, Text: t.GetText().ToString())).ToList();

        var variants = new List<(string Name, Func<string, string>? Change)>
        {
            ("without the generated files", null),
            ("the generated files", text => text),
            ("without doc comments", text => WithoutLines(text, line => line.StartsWith("///", StringComparison.Ordinal))),
            ("without [GeneratedCode]", text => WithoutLines(text, line => line.StartsWith("[global::System.CodeDom.Compiler.GeneratedCode", StringComparison.Ordinal))),
            ("with #nullable enable (before this change)", text => text.Replace("#nullable enable annotations\n#nullable disable warnings\n", "#nullable enable\n", StringComparison.Ordinal)),
            ("without the six overrides", text => Overrides.Aggregate(text, WithoutOverride)),
        };
        foreach (var name in Overrides)
            variants.Add(($"without {name}", text => WithoutOverride(text, name)));
        variants.Add(("empty partial declarations", text => EmptyPartial(text)));

        var trees = variants.ToDictionary(v => v.Name, v => v.Change is null
            ? new List<SyntaxTree>()
            : generated.Select(g => Parse(Changed(v.Name, v.Change, g.Text), g.Path)).ToList());
        var cpu = variants.ToDictionary(v => v.Name, _ => new List<double>());
        for (int round = -1; round < rounds; round++)
        {
            var order = round % 2 == 0 ? variants : Enumerable.Reverse(variants).ToList();
            foreach (var (name, _) in order)
            {
                double seconds = EmitSeconds(CSharpCompilation.Create("Models", models.Concat(trees[name]), references, options), name);
                if (round >= 0) cpu[name].Add(seconds);   // the first round warms the JIT
            }
        }

        output.WriteLine($"{Models:N0} models, Emit in-process on one thread, CPU seconds, {rounds} rounds interleaved after a warm-up round.");
        output.WriteLine("| compiled with the models | CPU median | min | median minus without |");
        output.WriteLine("|---|---:|---:|---:|");
        double floor = Statistics.Median(cpu[variants[0].Name]);
        foreach (var (name, _) in variants)
        {
            double median = Statistics.Median(cpu[name]);
            output.WriteLine(FormattableString.Invariant($"| {name} | {median:N2} s | {cpu[name].Min():N2} s | {median - floor:+0.00;-0.00} s |"));
        }
    }

    /// <summary>The variant's text; a change that finds nothing to change fails, rather than time the original twice.</summary>
    private static string Changed(string variant, Func<string, string> change, string text)
    {
        string changed = change(text);
        if (variant != "the generated files" && changed == text)
            throw new InvalidOperationException($"The variant '{variant}' changes nothing in:\n{text}");
        return changed;
    }

    private static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(SourceText.From(text, Encoding.UTF8), ParseOptions, path);

    private static double EmitSeconds(CSharpCompilation compilation, string variant)
    {
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        var start = Process.GetCurrentProcess().TotalProcessorTime;
        var result = compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        double seconds = (Process.GetCurrentProcess().TotalProcessorTime - start).TotalSeconds;
        if (!result.Success)
        {
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(3);
            throw new InvalidOperationException($"The variant '{variant}' does not compile:\n{string.Join("\n", errors)}");
        }
        return seconds;
    }

    private static string WithoutLines(string text, Func<string, bool> drop)
        => string.Join("\n", text.Split('\n').Where(line => !drop(line.TrimStart())));

    /// <summary>The text without the member (its comments and attribute included) that overrides <paramref name="name"/>.</summary>
    private static string WithoutOverride(string text, string name)
    {
        var members = text.Split("\n\n");
        var signature = new Regex(@"\boverride\b[^;{=]*?\s" + Regex.Escape(name) + @"\(", RegexOptions.Singleline);
        var kept = members.Where(member => !signature.IsMatch(member)).ToList();
        string result = string.Join("\n\n", kept);
        // The last member of the class carries its closing brace.
        return result.TrimEnd().EndsWith('}') && Balanced(result) ? result : result + "\n}\n";
    }

    private static bool Balanced(string text) => text.Count(c => c == '{') == text.Count(c => c == '}');

    /// <summary>The file's header and an empty partial declaration of its class.</summary>
    private static string EmptyPartial(string text)
    {
        var name = Regex.Match(text, @"partial class (\w+)").Groups[1].Value;
        var ns = Regex.Match(text, @"namespace ([\w.]+);").Groups[1].Value;
        return string.Create(CultureInfo.InvariantCulture, $"// <auto-generated/>\n#nullable enable annotations\n\nnamespace {ns};\n\npartial class {name}\n{{\n}}\n");
    }
}
