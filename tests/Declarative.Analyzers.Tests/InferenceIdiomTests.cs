using System.Linq;
using Declarative.Analyzers.Tests.Infrastructure;
using Declarative.Common.Shapes;
using Microsoft.CodeAnalysis;
using Xunit;
using static Declarative.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace Declarative.Analyzers.Tests;

/// <summary>
/// The idioms of public TorchSharp code that inference reads, each in the form it takes there, and the forms next to
/// them that must stay unknown rather than be guessed.
/// </summary>
public class InferenceIdiomTests
{
    /// <summary>The tensors under a field of <c>Model</c>, as "path shape", from the first constructor that knows it.</summary>
    private static string[] Tensors(string source, string field)
    {
        var compilation = TestCompilation.Create(("Model.cs", TestCompilation.Usings + source));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var type = compilation.GetTypeByMetadataName("Model")!;
        var symbol = type.GetMembers(field).OfType<IFieldSymbol>().Single();
        return ShapeInference.InferMemberTensors(symbol, null, compilation, default).Select(t => $"{t.Path} {t.Shape?.ToString() ?? "?"}").ToArray();
    }

    [Fact]
    public void A_field_assigned_through_an_out_argument_of_a_registration_helper_is_known()
    {
        var tensors = Tensors("""
            public abstract class GptModule : Module<Tensor, Tensor>
            {
                protected GptModule(string name) : base(name) { }

                protected void Register<T>(out T field, T module) where T : Module => field = module;
            }

            public sealed class Model : GptModule
            {
                private readonly Linear head;

                public Model(long width, long vocab) : base(nameof(Model))
                {
                    this.Register(out this.head, Linear(width, vocab, hasBias: false));
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => head.call(x);
            }
            """, "head");
        Assert.Equal(new[] { "weight [vocab, width]" }, tensors);
    }

    [Fact]
    public void An_out_argument_the_helper_assigns_in_one_branch_only_is_unknown()
    {
        var tensors = Tensors("""
            public sealed class Model : Module<Tensor, Tensor>
            {
                private readonly Linear head;

                public Model(long width, long vocab, bool big) : base(nameof(Model))
                {
                    Make(out head, width, vocab, big);
                    RegisterComponents();
                }

                private static void Make(out Linear field, long width, long vocab, bool big)
                {
                    if (big) field = Linear(width, 2 * vocab);
                    else field = Linear(width, vocab);
                }

                public override Tensor forward(Tensor x) => head.call(x);
            }
            """, "head");
        Assert.Equal(new[] { "weight [?, width]", "bias [?]" }, tensors);
    }

    [Fact]
    public void An_instance_helper_that_builds_a_layer_is_followed_like_a_static_one()
    {
        var tensors = Tensors("""
            public sealed class Inception : Module<Tensor, Tensor>
            {
                private readonly Conv2d branch1;

                public Inception(long inChannels, long ch1x1) : base(nameof(Inception))
                {
                    branch1 = Conv2d(inChannels, ch1x1, 1);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => branch1.call(x);
            }

            public sealed class Model : Module<Tensor, Tensor>
            {
                private readonly Inception inception5a;

                public Model() : base(nameof(Model))
                {
                    inception5a = InceptionBlock(832, 256);
                    RegisterComponents();
                }

                private Inception InceptionBlock(long inChannels, long ch1x1) => new Inception(inChannels, ch1x1);

                public override Tensor forward(Tensor x) => inception5a.call(x);
            }
            """, "inception5a");
        Assert.Equal(new[] { "branch1.weight [256, 832, 1, 1]", "branch1.bias [256]" }, tensors);
    }

    [Fact]
    public void An_instance_helper_reads_and_assigns_the_members_of_the_model_in_order()
    {
        // torchvision's ResNet: _make_layer updates self.inplanes, which the next stage reads.
        const string source = """
            public sealed class Model : Module<Tensor, Tensor>
            {
                private long inPlanes = 64;
                private readonly Module<Tensor, Tensor> layer1;
                private readonly Module<Tensor, Tensor> layer2;

                public Model() : base(nameof(Model))
                {
                    layer1 = MakeLayer(64);
                    layer2 = MakeLayer(128);
                    RegisterComponents();
                }

                private Module<Tensor, Tensor> MakeLayer(long planes)
                {
                    var layers = new List<Module<Tensor, Tensor>>();
                    layers.Add(Conv2d(inPlanes, planes, 3, bias: false));
                    inPlanes = planes;
                    layers.Add(Conv2d(inPlanes, planes, 3, bias: false));
                    return Sequential(layers);
                }

                public override Tensor forward(Tensor x) => layer2.call(layer1.call(x));
            }
            """;
        Assert.Equal(new[] { "0.weight [64, 64, 3, 3]", "1.weight [64, 64, 3, 3]" }, Tensors(source, "layer1"));
        Assert.Equal(new[] { "0.weight [128, 64, 3, 3]", "1.weight [128, 128, 3, 3]" }, Tensors(source, "layer2"));
    }

    [Fact]
    public void A_virtual_helper_is_read_as_the_models_override_and_a_base_call_as_the_base_body()
    {
        const string source = """
            public abstract class Backbone : Module<Tensor, Tensor>
            {
                protected Backbone(string name) : base(name) { }

                protected virtual Linear Head(long dim) => Linear(dim, dim);
            }

            public sealed class Model : Backbone
            {
                private readonly Linear overridden;
                private readonly Linear fromBase;

                public Model(long dim) : base(nameof(Model))
                {
                    overridden = Head(dim);
                    fromBase = base.Head(dim);
                    RegisterComponents();
                }

                protected override Linear Head(long dim) => Linear(dim, 2 * dim, hasBias: false);

                public override Tensor forward(Tensor x) => overridden.call(x);
            }
            """;
        Assert.Equal(new[] { "weight [2 * dim, dim]" }, Tensors(source, "overridden"));
        Assert.Equal(new[] { "weight [dim, dim]", "bias [dim]" }, Tensors(source, "fromBase"));
    }

    [Fact]
    public void A_Sequential_of_a_list_filled_with_named_modules_or_spread_into_a_collection_expression_is_known()
    {
        const string source = """
            public sealed class Model : Module<Tensor, Tensor>
            {
                private readonly Sequential stem;
                private readonly Sequential features;

                public Model() : base(nameof(Model))
                {
                    var layers = new List<(string, Module<Tensor, Tensor>)>();
                    layers.Add(("conv", Conv2d(3, 32, 3, bias: false)));
                    layers.Add(("bn", BatchNorm2d(32)));
                    stem = Sequential(layers);

                    Module<Tensor, Tensor>[] blocks = [Linear(8, 16), ReLU()];
                    features = Sequential([.. blocks, Linear(16, 4)]);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => features.call(stem.call(x));
            }
            """;
        Assert.Equal(new[] { "conv.weight [32, 3, 3, 3]", "bn.weight [32]", "bn.bias [32]", "bn.running_mean [32]", "bn.running_var [32]", "bn.num_batches_tracked []" }, Tensors(source, "stem"));
        Assert.Equal(new[] { "0.weight [16, 8]", "0.bias [16]", "2.weight [4, 16]", "2.bias [4]" }, Tensors(source, "features"));
    }

    [Fact]
    public void A_list_filled_in_a_loop_or_by_a_lambda_leaves_its_Sequential_unknown()
    {
        const string source = """
            public sealed class Model : Module<Tensor, Tensor>
            {
                private readonly Sequential looped;
                private readonly Sequential lambda;

                public Model(int depth) : base(nameof(Model))
                {
                    var layers = new List<Module<Tensor, Tensor>>();
                    layers.Add(Linear(8, 8));
                    for (int i = 0; i < depth; i++) layers.Add(Linear(8, 8));
                    looped = Sequential(layers);

                    var more = new List<Module<Tensor, Tensor>>();
                    more.Add(Linear(8, 8));
                    Array.ForEach(new int[depth], _ => more.Add(Linear(8, 8)));
                    lambda = Sequential(more);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => lambda.call(looped.call(x));
            }
            """;
        Assert.Empty(Tensors(source, "looped"));
        Assert.Empty(Tensors(source, "lambda"));
    }

    [Fact]
    public void Branches_that_build_modules_differing_away_from_the_weight_keep_the_weight()
    {
        const string source = """
            public enum Head { Plain, NoBias }

            public sealed class Model : Module<Tensor, Tensor>
            {
                private readonly Linear ifElse;
                private readonly Linear switched;
                private readonly Linear wider;

                public Model(long dim, long vocab, bool bias, Head head) : base(nameof(Model))
                {
                    if (bias)
                        ifElse = Linear(dim, vocab);
                    else
                        ifElse = Linear(dim, vocab, hasBias: false);
                    switched = head switch
                    {
                        Head.Plain => Linear(dim, vocab),
                        Head.NoBias => Linear(dim, vocab, hasBias: false),
                        _ => throw new ArgumentOutOfRangeException(nameof(head)),
                    };
                    wider = bias ? Linear(dim, vocab) : Linear(dim, 2 * vocab);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => ifElse.call(x);
            }
            """;
        // The bias exists on one path only: the module's tensors are not all known, its weight is.
        Assert.Equal(new[] { "weight [vocab, dim]" }, Tensors(source, "ifElse"));
        Assert.Equal(new[] { "weight [vocab, dim]" }, Tensors(source, "switched"));
        // Where the branches disagree, the size is unknown: ?, never one branch's guess.
        Assert.Equal(new[] { "weight [?, dim]", "bias [?]" }, Tensors(source, "wider"));
    }

    [Fact]
    public void A_default_through_null_coalescing_and_a_switch_on_a_known_value_pick_their_branch()
    {
        const string source = """
            public sealed class Layer : Module<Tensor, Tensor>
            {
                private readonly Linear ffn;
                private readonly Module<Tensor, Tensor> norm;

                public Layer(long hidden, long? intermediate = null, Module<Tensor, Tensor>? customNorm = null, string size = "base") : base(nameof(Layer))
                {
                    long inner = intermediate ?? 4 * hidden;
                    long extra = size switch { "tiny" => 1, "base" => 2, _ => 3 };
                    ffn = Linear(hidden, inner + extra);
                    norm = customNorm ?? LayerNorm(hidden);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => norm.call(ffn.call(x));
            }

            public sealed class Model : Module<Tensor, Tensor>
            {
                private readonly Layer byDefault;
                private readonly Layer given;

                public Model(long hidden) : base(nameof(Model))
                {
                    byDefault = new Layer(hidden);
                    given = new Layer(hidden, 3 * hidden, size: "tiny");
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => given.call(byDefault.call(x));
            }
            """;
        Assert.Equal(new[] { "ffn.weight [4 * hidden + 2, hidden]", "ffn.bias [4 * hidden + 2]", "norm.weight [hidden]", "norm.bias [hidden]" }, Tensors(source, "byDefault"));
        Assert.Equal(new[] { "ffn.weight [3 * hidden + 1, hidden]", "ffn.bias [3 * hidden + 1]", "norm.weight [hidden]", "norm.bias [hidden]" }, Tensors(source, "given"));
    }

    [Fact]
    public void A_local_assigned_again_in_straight_line_code_has_its_value_where_it_is_read()
    {
        // LLaMA's FeedForward computes the hidden width in steps, on its parameter.
        const string source = """
            public sealed class Model : Module<Tensor, Tensor>
            {
                private readonly Linear w1;
                private readonly Linear first;
                private readonly Linear second;

                public Model(long dim, long hidden_dim, long multiple_of) : base(nameof(Model))
                {
                    hidden_dim = 2 * hidden_dim / 3;
                    hidden_dim = multiple_of * ((hidden_dim + multiple_of - 1) / multiple_of);
                    w1 = Linear(dim, hidden_dim, hasBias: false);

                    long width = dim;
                    first = Linear(width, width / 2, hasBias: false);
                    width /= 2;
                    second = Linear(width, width / 2, hasBias: false);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => w1.call(x);
            }
            """;
        Assert.Equal(new[] { "weight [((2 * hidden_dim / 3 + multiple_of - 1) / multiple_of) * multiple_of, dim]" }, Tensors(source, "w1"));
        Assert.Equal(new[] { "weight [dim / 2, dim]" }, Tensors(source, "first"));
        Assert.Equal(new[] { "weight [dim / 2 / 2, dim / 2]" }, Tensors(source, "second"));
    }

    [Fact]
    public void A_value_a_loop_changes_is_unknown_after_its_first_iteration()
    {
        // Each block is wider than the last, directly or through a helper: no element may be taken for all of them.
        const string source = """
            public sealed class Model : Module<Tensor, Tensor>
            {
                private readonly ModuleList<Linear> blocks = new ModuleList<Linear>();
                private readonly ModuleList<Linear> stages = new ModuleList<Linear>();
                private readonly ModuleList<Linear> steps = new ModuleList<Linear>();
                private long inPlanes;

                public Model(long dim, int depth) : base(nameof(Model))
                {
                    long width = dim;
                    for (int i = 0; i < depth; i++)
                    {
                        blocks.Add(Linear(width, 2 * width));
                        width = 2 * width;
                    }
                    inPlanes = dim;
                    for (int i = 0; i < depth; i++)
                        stages.Add(Stage());
                    long step = 0;
                    while (step++ < depth)
                        steps.Add(Linear(dim, step * dim));
                    RegisterComponents();
                }

                private Linear Stage()
                {
                    var stage = Linear(inPlanes, 2 * inPlanes);
                    inPlanes = 2 * inPlanes;
                    return stage;
                }

                public override Tensor forward(Tensor x) => x;
            }
            """;
        var compilation = TestCompilation.Create(("Model.cs", TestCompilation.Usings + source));
        var type = compilation.GetTypeByMetadataName("Model")!;
        var scenario = ShapeInference.Scenarios(type, compilation, default).Single();
        foreach (var field in new[] { "blocks", "stages" })
        {
            // The first iteration's block is one of the elements; the others are not known.
            var elements = ((InferredCollection)scenario.Value(type.GetMembers(field).OfType<IFieldSymbol>().Single())!).Elements;
            Assert.Equal(new[] { "[2 * dim, dim]", "[?, ?]" }, elements.Select(e => (e as InferredModule)?.Find("weight")?.Value?.Describe() ?? "?"));
        }
        // The condition changes step before every iteration: not even the first element is known to be 0 wide.
        var steps = ((InferredCollection)scenario.Value(type.GetMembers("steps").OfType<IFieldSymbol>().Single())!).Elements;
        Assert.Equal(new[] { "[?, dim]" }, steps.Select(e => (e as InferredModule)?.Find("weight")?.Value?.Describe() ?? "?"));
    }

    [Fact]
    public void Ties_of_the_real_world_idioms_report_what_differs_and_nothing_else()
    {
        Verify("""
            public partial class Model : Module<Tensor, Tensor>
            {
                [{|embed:Shared("tokens", Member = "weight")|}] private readonly Embedding embed;
                [{|head:Shared("tokens", Member = "weight")|}] private readonly Linear head;
                [Shared("proj", Member = "weight")] private readonly Linear left;
                [Shared("proj", Member = "weight")] private readonly Linear right;

                public Model(long vocab, long dim, long heads, bool bias) : base(nameof(Model))
                {
                    embed = Embedding(vocab, dim);
                    Register(out head, Linear(vocab, dim, hasBias: false));
                    long headDim = dim / heads;
                    left = Linear(dim, heads * headDim);
                    if (bias) right = Linear(dim, dim);
                    else right = Linear(dim, dim, hasBias: false);
                    RegisterComponents();
                }

                private static void Register<T>(out T field, T module) => field = module;

                public override Tensor forward(Tensor x) => head.call(embed.call(x));
            }
            """,
            Diagnostic("DECL001", "head", "'head.weight' is [dim, vocab] but 'embed.weight', owner of shared group 'tokens', is [vocab, dim]", "embed"));
    }
}
