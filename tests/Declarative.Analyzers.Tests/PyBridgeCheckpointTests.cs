using System.Collections.Immutable;
using Declarative.Analyzers.Tests.Infrastructure;
using Xunit;
using static Declarative.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace Declarative.Analyzers.Tests;

/// <summary>DECL027: PyBridge's load_py, load_safetensors, load_checkpoint and save_py on a model that holds shared groups.</summary>
public class PyBridgeCheckpointTests
{
    /// <summary>A language model whose head shares the embedding's weight, as GPT-2's does.</summary>
    internal const string SharedModel = """
        public partial class TiedLanguageModel : Module<Tensor, Tensor>
        {
            [Shared("vocab", Member = "weight")] private readonly Embedding embed;
            [Shared("vocab", Member = "weight")] private readonly Linear head;

            public TiedLanguageModel(long vocab, long dim) : base(nameof(TiedLanguageModel))
            {
                embed = Embedding(vocab, dim);
                head = Linear(dim, vocab, hasBias: false);
                RegisterComponents();
            }

            public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));
        }

        """;

    private const string PyLoad = "PyBridge loads through state_dict(), which leaves aliases out, so with strict it refuses a PyTorch file, which holds every tied key, and without strict it skips an alias's entry without checking it against its owner's";
    private const string LoadRemedy = "which loads every tied key and refuses entries that disagree";

    [Fact]
    public void Load_py_load_safetensors_load_checkpoint_and_save_py_on_a_shared_model_are_reported_with_their_replacements()
    {
        Verify("using TorchSharp.PyBridge;\n" + SharedModel + """
            public static class Weights
            {
                public static void Port(TiedLanguageModel model, System.IO.Stream stream)
                {
                    {|py:model.load_py("pytorch_model.bin")|};
                    {|stream:model.load_py(stream, strict: false)|};
                    {|st:model.load_safetensors("model.safetensors")|};
                    {|checkpoint:model.load_checkpoint("gpt2")|};
                    {|save:model.save_py("out.bin")|};
                    model.save_safetensors("out.safetensors");
                }
            }
            """,
            Diagnostic("DECL027", "py", $"'load_py' bypasses the shared group 'vocab' of TiedLanguageModel: {PyLoad}; use LoadPyTorch (Declarative), {LoadRemedy}"),
            Diagnostic("DECL027", "stream", $"'load_py' bypasses the shared group 'vocab' of TiedLanguageModel: {PyLoad}; use LoadPyTorch (Declarative), {LoadRemedy}"),
            Diagnostic("DECL027", "st", "'load_safetensors' bypasses the shared group 'vocab' of TiedLanguageModel: PyBridge keeps only the file's entries that state_dict() names, which leaves aliases out, so it skips an alias's entry without checking it against its owner's; use LoadSafetensors (Declarative), " + LoadRemedy),
            Diagnostic("DECL027", "checkpoint", $"'load_checkpoint' bypasses the shared group 'vocab' of TiedLanguageModel: {PyLoad}; use LoadCheckpoint (Declarative), {LoadRemedy}"),
            Diagnostic("DECL027", "save", "'save_py' bypasses the shared group 'vocab' of TiedLanguageModel: PyBridge saves state_dict(), which leaves aliases out, so PyTorch's load_state_dict(strict=True) refuses the file when the PyTorch model ties its tensors by assignment; use SavePyTorch (Declarative), which writes every tied key, as torch.save(model.state_dict()) does"));
    }

    [Fact]
    public void A_model_holding_a_shared_model_in_a_field_a_module_list_or_a_base_class_is_reported_with_the_path_to_the_group()
    {
        Verify("using TorchSharp.PyBridge;\n" + SharedModel + """
            public class Translator : Module<Tensor, Tensor>
            {
                private readonly Linear project;
                private readonly TiedLanguageModel decoder;

                public Translator() : base(nameof(Translator))
                {
                    project = Linear(8, 8);
                    decoder = new TiedLanguageModel(100, 8);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => decoder.call(project.call(x));
            }

            public class Ensemble : Module<Tensor, Tensor>
            {
                private readonly ModuleList<Translator> members = new(new Translator(), new Translator());

                public Ensemble() : base(nameof(Ensemble)) => RegisterComponents();

                public override Tensor forward(Tensor x) => members[0].call(x);
            }

            public partial class LargerLanguageModel : TiedLanguageModel
            {
                public LargerLanguageModel() : base(50257, 768) { }
            }

            public static class Weights
            {
                public static void Port(Translator translator, Ensemble ensemble, LargerLanguageModel larger)
                {
                    {|translator:translator.load_py("translator.bin")|};
                    {|ensemble:ensemble.save_py("ensemble.bin")|};
                    {|larger:larger.load_py("gpt2.bin")|};
                }
            }
            """,
            Diagnostic("DECL027", "translator", $"'load_py' bypasses the shared group 'vocab' of Translator.decoder (TiedLanguageModel): {PyLoad}; use LoadPyTorch (Declarative), {LoadRemedy}"),
            Diagnostic("DECL027", "ensemble", "'save_py' bypasses the shared group 'vocab' of Ensemble.members.decoder (TiedLanguageModel): PyBridge saves state_dict(), which leaves aliases out, so PyTorch's load_state_dict(strict=True) refuses the file when the PyTorch model ties its tensors by assignment; use SavePyTorch (Declarative), which writes every tied key, as torch.save(model.state_dict()) does"),
            Diagnostic("DECL027", "larger", $"'load_py' bypasses the shared group 'vocab' of LargerLanguageModel: {PyLoad}; use LoadPyTorch (Declarative), {LoadRemedy}"));
    }

    [Fact]
    public void Unshared_and_tied_only_models_a_receiver_typed_as_Module_and_other_methods_named_load_py_are_not_reported()
    {
        Verify("using TorchSharp.PyBridge;\n" + SharedModel + """
            public class Plain : Module<Tensor, Tensor>
            {
                private readonly Linear a = Linear(4, 4);
                public Plain() : base(nameof(Plain)) => RegisterComponents();
                public override Tensor forward(Tensor x) => a.call(x);
            }

            public partial class TiedOnly : Module<Tensor, Tensor>
            {
                [Tied("t", Lambda = 0.1)] private readonly Linear a = Linear(4, 4);
                [Tied("t", Lambda = 0.1)] private readonly Linear b = Linear(4, 4);
                public TiedOnly() : base(nameof(TiedOnly)) => RegisterComponents();
                public override Tensor forward(Tensor x) => b.call(a.call(x));
            }

            public sealed class Archive
            {
                public void load_py(string path) { }
                public void save_py(string path) { }
            }

            public static class Weights
            {
                public static void Port(Plain plain, TiedOnly tied, TiedLanguageModel shared, Archive archive)
                {
                    plain.load_py("plain.bin");
                    plain.save_py("plain.bin");
                    tied.load_py("tied.bin");
                    tied.load_checkpoint("tied");
                    Module module = shared;
                    module.load_py("shared.bin");
                    shared.save_safetensors("shared.safetensors");
                    archive.load_py("archive.bin");
                    archive.save_py("archive.bin");
                }
            }
            """);
    }

    [Fact]
    public void A_compiled_model_whose_private_shared_fields_its_metadata_hides_is_known_by_the_generated_state_dict()
    {
        var library = TestCompilation.Library("ModelLibrary", SharedModel + """
            public partial class TiedOnly : Module<Tensor, Tensor>
            {
                [Tied("t", Lambda = 0.1)] private readonly Linear a = Linear(4, 4);
                [Tied("t", Lambda = 0.1)] private readonly Linear b = Linear(4, 4);
                public TiedOnly() : base(nameof(TiedOnly)) => RegisterComponents();
                public override Tensor forward(Tensor x) => b.call(a.call(x));
            }
            """);
        Verify(ImmutableArray.Create(library), """
            using TorchSharp.PyBridge;

            public static class Weights
            {
                public static void Port(TiedLanguageModel model, TiedOnly tied)
                {
                    {|py:model.load_py("pytorch_model.bin")|};
                    tied.load_py("tied.bin");
                }
            }
            """,
            Diagnostic("DECL027", "py", $"'load_py' bypasses the shared groups of TiedLanguageModel: {PyLoad}; use LoadPyTorch (Declarative), {LoadRemedy}"));
    }

    [Fact]
    public void Against_a_Declarative_without_PretrainedWeights_the_message_asks_for_the_package()
    {
        VerifyAgainstRuntime(TestCompilation.RuntimeWithoutPretrainedWeights, "using TorchSharp.PyBridge;\n" + SharedModel + """
            public static class Weights
            {
                public static void Port(TiedLanguageModel model) => {|py:model.load_py("pytorch_model.bin")|};
            }
            """,
            Diagnostic("DECL027", "py", $"'load_py' bypasses the shared group 'vocab' of TiedLanguageModel: {PyLoad}; add a version of the Declarative package that has PretrainedWeights and use its LoadPyTorch, {LoadRemedy}"));
    }
}
