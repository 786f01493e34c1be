using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Declarative.Generator.Emitter;
using Declarative.Generator.Tests.Infrastructure;
using Xunit;

namespace Declarative.Generator.Tests;

/// <summary>
/// The generated code is read in pull requests: no line is wider than <see cref="SourceWriter.MaxLineLength"/>, and
/// long signatures and comments are wrapped rather than cut.
/// </summary>
public class LayoutTests
{
    [Fact]
    public void No_line_of_the_snapshots_or_the_gallerys_generated_code_is_over_120_characters()
    {
        string root = RepositoryRoot();
        var files = Directory.GetFiles(Path.Combine(root, "tests", "Declarative.Generator.Tests", "Snapshots"), "*.verified.cs")
            .Concat(Directory.GetFiles(Path.Combine(root, "samples", "Gallery", "Generated"), "*.g.cs"))
            .ToList();
        Assert.True(files.Count > 15, $"only {files.Count} generated files found");

        Assert.Empty(LongLines(files.Select(f => (Path.GetFileName(f), File.ReadAllText(f)))));
    }

    [Fact]
    public void A_shared_and_tied_model_nested_three_types_deep_still_fits_in_120_characters()
    {
        string generated = GeneratorHarness.GenerateSingle("""
            namespace Samples.Deeply.Nested;

            public partial class Outer
            {
                public partial class Middle
                {
                    public partial class Inner<TConfiguration> : Module<Tensor, Tensor>
                    {
                        public Inner(long hiddenFeatures, long inputFeatures) : base(nameof(Inner<TConfiguration>))
                        {
                            encoderBlock = Sequential(Linear(inputFeatures, hiddenFeatures), ReLU(), Linear(hiddenFeatures, inputFeatures));
                            decoderBlock = Sequential(Linear(inputFeatures, hiddenFeatures), ReLU(), Linear(hiddenFeatures, inputFeatures));
                            towerA = Linear(inputFeatures, hiddenFeatures);
                            towerB = Linear(inputFeatures, hiddenFeatures);
                            RegisterComponents();
                        }

                        [Shared("a-rather-long-key-for-the-blocks-of-this-model")] private readonly Sequential encoderBlock;
                        [Shared("a-rather-long-key-for-the-blocks-of-this-model")] private readonly Sequential decoderBlock;
                        [Tied("towers", Lambda = 0.25)] private readonly Linear towerA;
                        [Tied("towers", Lambda = 0.25)] private readonly Linear towerB;

                        public override Tensor forward(Tensor x) => towerB.call(towerA.call(decoderBlock.call(encoderBlock.call(x))));
                    }
                }
            }
            """);

        Assert.Contains("encoderBlock", generated);
        Assert.Contains("[hiddenFeatures, inputFeatures]", generated);
        Assert.Empty(LongLines(new[] { ("Inner.g.cs", generated) }));
    }

    private static List<string> LongLines(IEnumerable<(string Name, string Text)> files)
        => files
            .SelectMany(file => file.Text.Split('\n').Select((line, i) => (file.Name, Line: i + 1, Text: line)))
            .Where(line => line.Text.Length > SourceWriter.MaxLineLength)
            .Select(line => $"{line.Name}:{line.Line} ({line.Text.Length}): {line.Text.Trim()}")
            .ToList();

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Declarative.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException("Declarative.sln not found above " + AppContext.BaseDirectory);
    }
}
