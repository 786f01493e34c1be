using Declarative.Analyzers.Tests.Infrastructure;
using Declarative.CodeFixes;
using Xunit;
using static Declarative.Analyzers.Tests.Infrastructure.CodeFixHarness;

namespace Declarative.Analyzers.Tests;

/// <summary>DECL027's fix: PyBridge's call becomes Declarative's tie-aware one, only where it means the same.</summary>
public class UsePretrainedWeightsFixTests
{
    private const string Model = "using TorchSharp.PyBridge;\n" + PyBridgeCheckpointTests.SharedModel;

    private static string Port(string body) => Model + $$"""
        public static class Weights
        {
            public static void Port(TiedLanguageModel model, System.IO.Stream stream, List<string> skip, Dictionary<string, bool> loaded)
            {
                {{body}}
            }
        }
        """;

    private static void VerifyRewrite(string before, string after) => Verify(new UsePretrainedWeightsCodeFix(), "DECL027", Port(before), Port(after));

    [Fact]
    public void Load_py_becomes_LoadPyTorch_keeping_a_positional_strict() => VerifyRewrite(
        """model.load_py("pytorch_model.bin", false);""",
        """model.LoadPyTorch("pytorch_model.bin", false);""");

    [Fact]
    public void Load_py_of_a_stream_left_open_becomes_LoadPyTorch_which_leaves_it_open() => VerifyRewrite(
        """model.load_py(stream, strict: false, leaveOpen: true);""",
        """model.LoadPyTorch(stream, strict: false);""");

    [Fact]
    public void Load_safetensors_of_a_stream_left_open_becomes_LoadSafetensors_which_leaves_it_open() => VerifyRewrite(
        """model.load_safetensors(stream, leaveOpen: true);""",
        """model.LoadSafetensors(stream);""");

    [Fact]
    public void Load_safetensors_becomes_LoadSafetensors_keeping_a_named_strict() => VerifyRewrite(
        """model.load_safetensors("model.safetensors", strict: false);""",
        """model.LoadSafetensors("model.safetensors", strict: false);""");

    [Fact]
    public void Load_checkpoint_becomes_LoadCheckpoint_keeping_a_named_strict() => VerifyRewrite(
        """model.load_checkpoint("gpt2", strict: true);""",
        """model.LoadCheckpoint("gpt2", strict: true);""");

    [Fact]
    public void Save_py_becomes_SavePyTorch_also_after_a_null_check() => VerifyRewrite(
        """model?.save_py("out.bin");""",
        """model?.SavePyTorch("out.bin");""");

    /// <summary>Usings without Declarative's namespace: the model names its attributes in full.</summary>
    private const string UsingsWithoutDeclarative = """
        using System;
        using TorchSharp;
        using TorchSharp.Modules;
        using TorchSharp.PyBridge;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        """;

    private const string UsingsWithDeclarative = """
        using System;
        using Declarative;
        using TorchSharp;
        using TorchSharp.Modules;
        using TorchSharp.PyBridge;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        """;

    private static string ModelWithoutUsing(string body) => $$"""
        public partial class TiedLanguageModel : Module<Tensor, Tensor>
        {
            [Declarative.Shared("vocab", Member = "weight")] private readonly Embedding embed;
            [Declarative.Shared("vocab", Member = "weight")] private readonly Linear head;

            public TiedLanguageModel(long vocab, long dim) : base(nameof(TiedLanguageModel))
            {
                embed = Embedding(vocab, dim);
                head = Linear(dim, vocab, hasBias: false);
                RegisterComponents();
            }

            public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));

            public void Port(string path)
            {
                {{body}}
            }
        }
        """;

    [Fact]
    public void The_fix_adds_using_Declarative_after_the_System_usings_where_the_file_lacks_it()
        => Verify(new UsePretrainedWeightsCodeFix(), "DECL027",
            UsingsWithoutDeclarative + ModelWithoutUsing("this.load_py(path);"),
            UsingsWithDeclarative + ModelWithoutUsing("this.LoadPyTorch(path);"),
            usings: "");

    [Theory]
    [InlineData("""var result = model.load_py("pytorch_model.bin");""")]
    [InlineData("""model.load_py("pytorch_model.bin").eval();""")]
    [InlineData("""model.load_py("pytorch_model.bin", skip: skip);""")]
    [InlineData("""model.load_py("pytorch_model.bin", true, null, loaded);""")]
    [InlineData("""model.load_checkpoint("gpt2", "model.safetensors");""")]
    [InlineData("""model.load_checkpoint("gpt2", useTqdm: false);""")]
    [InlineData("""model.load_py(stream);""")]
    [InlineData("""model.save_py("out.bin", skip);""")]
    [InlineData("""PyBridgeModuleExtensions.load_py(model, "pytorch_model.bin");""")]
    public void No_fix_where_the_result_is_used_an_argument_has_no_equivalent_or_a_stream_would_stay_open(string call)
        => VerifyNoFix(new UsePretrainedWeightsCodeFix(), "DECL027", Port(call));

    [Fact]
    public void No_fix_against_a_Declarative_without_PretrainedWeights()
        => VerifyNoFix(new UsePretrainedWeightsCodeFix(), "DECL027", Port("""model.load_py("pytorch_model.bin");"""),
            TestCompilation.ReferencesWith(TestCompilation.RuntimeWithoutPretrainedWeights));

    [Fact]
    public void Fix_all_rewrites_every_call_in_the_file() => VerifyFixAll(new UsePretrainedWeightsCodeFix(), "DECL027",
        Port("""
            model.load_py("pytorch_model.bin");
                    model.save_py("out.bin");
            """),
        Port("""
            model.LoadPyTorch("pytorch_model.bin");
                    model.SavePyTorch("out.bin");
            """));

    [Fact]
    public void Fix_all_rewrites_every_call_in_a_file_without_the_using_and_adds_it_once() => VerifyFixAll(new UsePretrainedWeightsCodeFix(), "DECL027",
        UsingsWithoutDeclarative + ModelWithoutUsing("""
            this.load_py(path, strict: false);
                    this.load_safetensors(path);
                    this.load_checkpoint(path);
                    this.save_py(path);
            """),
        UsingsWithDeclarative + ModelWithoutUsing("""
            this.LoadPyTorch(path, strict: false);
                    this.LoadSafetensors(path);
                    this.LoadCheckpoint(path);
                    this.SavePyTorch(path);
            """),
        usings: "");
}
