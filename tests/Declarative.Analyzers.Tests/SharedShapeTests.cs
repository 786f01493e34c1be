using Xunit;
using static Declarative.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace Declarative.Analyzers.Tests;

/// <summary>DECL001: members of a shared group must have the owner's shapes, inferred from how the fields are created.</summary>
public class SharedShapeTests
{
    [Fact]
    public void Linear_made_with_the_embedding_arguments_is_not_the_embedding_shape()
    {
        Verify("""
            public partial class LanguageModel : Module<Tensor, Tensor>
            {
                [{|owner:Shared("vocab", Member = "weight")|}] private readonly Embedding embed;
                [{|alias:Shared("vocab", Member = "weight")|}] private readonly Linear head;

                public LanguageModel(long vocab, long dim) : base(nameof(LanguageModel))
                {
                    embed = Embedding(vocab, dim);
                    head = {|linear:Linear(vocab, dim, hasBias: false)|};
                    RegisterComponents();
                }

                public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));
            }
            """,
            // The Linear that creates the alias is there for the fix that swaps its sizes.
            Diagnostic("DECL001", "alias", "'head.weight' is [dim, vocab] but 'embed.weight', owner of shared group 'vocab', is [vocab, dim]", "owner", "linear"));
    }

    [Fact]
    public void Linear_from_dim_to_vocab_has_the_embedding_shape()
    {
        Verify("""
            public partial class LanguageModel : Module<Tensor, Tensor>
            {
                [Shared("vocab", Member = "weight")] private readonly Embedding embed;
                [Shared("vocab", Member = "weight")] private readonly Linear head;

                public LanguageModel(long vocab, long dim) : base(nameof(LanguageModel))
                {
                    embed = Embedding(vocab, dim);
                    head = Linear(dim, vocab, hasBias: false);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));
            }
            """);
    }

    [Fact]
    public void Sizes_from_configuration_properties_and_arithmetic_compare_symbolically()
    {
        Verify("""
            public sealed record Config(long Vocab, long Hidden, int Heads);

            public partial class Model : Module<Tensor, Tensor>
            {
                [Shared("up", Member = "weight")] private readonly Linear first;
                [Shared("up", Member = "weight")] private readonly Linear second;
                [{|owner:Shared("down", Member = "weight")|}] private readonly Linear third;
                [{|alias:Shared("down", Member = "weight")|}] private readonly Linear fourth;

                public Model(Config cfg) : base(nameof(Model))
                {
                    long inner = cfg.Hidden * 4;
                    first = Linear(cfg.Hidden, 4 * cfg.Hidden);
                    second = Linear(cfg.Hidden, inner);
                    third = Linear(inner, cfg.Hidden);
                    fourth = Linear(2 * cfg.Hidden + 2 * cfg.Hidden, cfg.Hidden + 1);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => fourth.call(third.call(second.call(first.call(x))));
            }
            """,
            Diagnostic("DECL001", "alias", "'fourth.weight' is [cfg.Hidden + 1, 4 * cfg.Hidden] but 'third.weight', owner of shared group 'down', is [cfg.Hidden, 4 * cfg.Hidden]", "owner"));
    }

    [Fact]
    public void Sizes_from_a_configuration_kept_in_a_field()
    {
        Verify("""
            public sealed class Settings
            {
                public static Settings Default { get; } = new Settings();
                public long Vocab { get; init; } = 100;
                public long Dim { get; init; } = 16;
            }

            public partial class FromField : Module<Tensor, Tensor>
            {
                private readonly Settings settings = Settings.Default;
                private readonly Settings given;
                [{|owner:Shared("vocab", Member = "weight")|}] private readonly Embedding embed;
                [{|alias:Shared("vocab", Member = "weight")|}] private readonly Linear head;
                [Shared("given", Member = "weight")] private readonly Embedding embed2;
                [Shared("given", Member = "weight")] private readonly Linear head2;

                public FromField(Settings config) : base(nameof(FromField))
                {
                    given = config;
                    embed = Embedding(settings.Vocab, settings.Dim);
                    head = {|linear:Linear(settings.Vocab, settings.Dim)|};
                    embed2 = Embedding(given.Vocab, given.Dim);
                    head2 = Linear(config.Dim, this.given.Vocab);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => x;
            }
            """,
            // Sizes are named after the object they are read from, so that two names for one object agree:
            // settings holds Settings.Default; given holds the parameter config, so given.Vocab is config.Vocab.
            Diagnostic("DECL001", "alias", "'head.weight' is [Settings.Default.Dim, Settings.Default.Vocab] but 'embed.weight', owner of shared group 'vocab', is [Settings.Default.Vocab, Settings.Default.Dim]", "owner", "linear"));
    }

    [Fact]
    public void Every_constructor_is_checked_through_this_chains()
    {
        Verify("""
            public sealed class Config { public long Vocab { get; init; } public long Dim { get; init; } }

            public partial class LanguageModel : Module<Tensor, Tensor>
            {
                private const long DefaultDim = 64;
                [{|owner:Shared("vocab", Member = "weight")|}] private readonly Embedding embed;
                [{|alias:Shared("vocab", Member = "weight")|}] private readonly Linear head;

                public LanguageModel(Config cfg) : this(cfg.Vocab, cfg.Dim) { }

                public LanguageModel(long vocab) : this(vocab, DefaultDim, DefaultDim) { }

                private LanguageModel(long vocab, long dim, long headInput = 0) : base(nameof(LanguageModel))
                {
                    embed = Embedding(vocab, dim);
                    head = Linear(headInput == 0 ? dim : headInput, vocab, hasBias: false);
                    RegisterComponents();
                }

                public LanguageModel(long vocab, long dim) : base(nameof(LanguageModel))
                {
                    embed = Embedding(vocab, dim);
                    head = Linear(dim, vocab + 1, hasBias: false);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));
            }
            """,
            Diagnostic("DECL001", "alias", "'head.weight' is [vocab + 1, dim] but 'embed.weight', owner of shared group 'vocab', is [vocab, dim]", "owner"),
            Diagnostic("DECL001", "alias", "'head.weight' is [cfg.Vocab + 1, cfg.Dim] but 'embed.weight', owner of shared group 'vocab', is [cfg.Vocab, cfg.Dim]", "owner"));
    }

    [Fact]
    public void Parameters_from_tensor_factories_with_arrays_or_separate_sizes()
    {
        Verify("""
            public partial class Scales : Module<Tensor, Tensor>
            {
                [Shared("a")] private readonly Parameter a1 = Parameter(torch.randn(new long[] { 3, 4 }));
                [Shared("a")] private readonly Parameter a2 = Parameter(torch.zeros(3, 4));
                [{|owner:Shared("b")|}] private readonly Parameter b1;
                [{|alias:Shared("b")|}] private readonly Parameter b2;
                [Shared("c")] private readonly Parameter c1;
                [Shared("c")] private readonly Parameter c2;

                public Scales(long width) : base(nameof(Scales))
                {
                    b1 = new Parameter(torch.ones(width, 2 * width));
                    b2 = Parameter(torch.full(new[] { width, width * 2 + 1 }, 0.5));
                    c1 = Parameter(torch.empty(width) * 0.02);
                    c2 = Parameter(torch.rand(width).mul(2));
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => x * a1 * a2 * b1 * b2 * c1 * c2;
            }
            """,
            Diagnostic("DECL001", "alias", "'b2' is [width, 2 * width + 1] but 'b1', owner of shared group 'b', is [width, 2 * width]", "owner"));
    }

    [Fact]
    public void Convolutions_with_groups_and_kernels_given_as_scalars_or_tuples()
    {
        Verify("""
            public partial class Convs : Module<Tensor, Tensor>
            {
                [Shared("k", Member = "weight")] private readonly Conv2d square = Conv2d(8, 16, 3, groups: 2);
                [Shared("k", Member = "weight")] private readonly Conv2d tuple = Conv2d(8, 16, (3, 3), groups: 2);
                [{|owner:Shared("t", Member = "weight")|}] private readonly ConvTranspose2d up = ConvTranspose2d(16, 8, 4);
                [{|alias:Shared("t", Member = "weight")|}] private readonly Conv2d down = Conv2d(16, 8, 4);
                [{|o1:Shared("d", Member = "weight")|}] private readonly Conv1d depthwise = Conv1d(6, 6, 5, groups: 6);
                [{|a1:Shared("d", Member = "weight")|}] private readonly Conv3d volume = Conv3d(6, 6, (5, 1, 1));

                public Convs() : base(nameof(Convs)) { RegisterComponents(); }

                public override Tensor forward(Tensor x) => tuple.call(square.call(x));
            }
            """,
            Diagnostic("DECL001", "alias", "'down.weight' is [8, 16, 4, 4] but 'up.weight', owner of shared group 't', is [16, 8, 4, 4]", "owner"),
            Diagnostic("DECL001", "a1", "'volume.weight' is [6, 6, 5, 1, 1] but 'depthwise.weight', owner of shared group 'd', is [6, 1, 5]", "o1"));
    }

    [Fact]
    public void Recurrent_members_are_named_per_layer_and_direction()
    {
        Verify("""
            public partial class Recurrent : Module<Tensor, Tensor>
            {
                [Shared("hh", Member = "weight_hh_l1")] private readonly LSTM lstm = LSTM(10, 20, numLayers: 2);
                [Shared("hh", Member = "weight_hh_l0_reverse")] private readonly LSTM other = LSTM(5, 20, bidirectional: true);
                [{|owner:Shared("ih", Member = "weight_ih_l1")|}] private readonly GRU gru = GRU(10, 20, 2, bidirectional: true);
                [{|alias:Shared("ih", Member = "weight_ih_l1")|}] private readonly GRU single = GRU(10, 20, 2);

                public Recurrent() : base(nameof(Recurrent)) { RegisterComponents(); }

                public override Tensor forward(Tensor x) => x;
            }
            """,
            Diagnostic("DECL001", "alias", "'single.weight_ih_l1' is [60, 20] but 'gru.weight_ih_l1', owner of shared group 'ih', is [60, 40]", "owner"));
    }

    [Fact]
    public void Attention_normalisation_and_bilinear_members()
    {
        Verify("""
            public partial class Blocks : Module<Tensor, Tensor>
            {
                [Shared("attn")] private readonly MultiheadAttention a1;
                [Shared("attn")] private readonly MultiheadAttention a2;
                [{|o:Shared("proj", Member = "in_proj_weight")|}] private readonly MultiheadAttention a3;
                [{|m:Shared("proj", Member = "weight")|}] private readonly Linear packed;
                [Shared("norm")] private readonly LayerNorm n1;
                [Shared("norm")] private readonly LayerNorm n2;
                [Shared("bn")] private readonly BatchNorm1d b1;
                [Shared("bn")] private readonly BatchNorm1d b2;
                [{|go:Shared("gn", Member = "weight")|}] private readonly GroupNorm g1;
                [{|gm:Shared("gn", Member = "weight")|}] private readonly Bilinear g2;

                public Blocks(long dim, long heads) : base(nameof(Blocks))
                {
                    a1 = MultiheadAttention(dim, heads);
                    a2 = MultiheadAttention(dim, heads, dropout: 0.1);
                    a3 = MultiheadAttention(dim, heads);
                    packed = Linear(dim, 3 * dim);
                    n1 = LayerNorm(new[] { dim });
                    n2 = LayerNorm(dim);
                    b1 = BatchNorm1d(dim);
                    b2 = BatchNorm1d(dim, momentum: 0.2);
                    g1 = GroupNorm(4, dim);
                    g2 = Bilinear(dim, dim, dim);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => x;
            }
            """,
            Diagnostic("DECL001", "gm", "'g2.weight' is [dim, dim, dim] but 'g1.weight', owner of shared group 'gn', is [dim]", "go"));
    }

    [Fact]
    public void Whole_modules_compare_tensor_by_tensor()
    {
        Verify("""
            public partial class Twins : Module<Tensor, Tensor, Tensor>
            {
                [{|owner:Shared("twin")|}] private readonly Sequential left;
                [{|alias:Shared("twin")|}] private readonly Sequential right;

                public Twins(long input, long hidden) : base(nameof(Twins))
                {
                    left = Sequential(Linear(input, hidden), BatchNorm1d(hidden), ReLU(), Linear(hidden, hidden));
                    right = Sequential(Linear(input, hidden), BatchNorm1d(hidden), ReLU(), Linear(hidden, input));
                    RegisterComponents();
                }

                public override Tensor forward(Tensor a, Tensor b) => left.call(a) - right.call(b);
            }
            """,
            Diagnostic("DECL001", "alias", "'right.3.weight' is [input, hidden] but 'left.3.weight', owner of shared group 'twin', is [hidden, hidden]", "owner"));
    }

    [Fact]
    public void Elements_of_collections_are_members()
    {
        Verify("""
            public partial class Stack : Module<Tensor, Tensor>
            {
                [{|owner:Shared("layer")|}] private readonly Linear first;
                [{|alias:Shared("layer")|}] private readonly ModuleList<Linear> rest;
                [Shared("gate", Member = "weight")] private readonly Linear[] gates;

                public Stack(long width, int depth) : base(nameof(Stack))
                {
                    first = Linear(width, width);
                    rest = new ModuleList<Linear>();
                    for (int i = 1; i < depth; i++) rest.Add(Linear(width, 2 * width));
                    gates = new[] { Linear(width, width), Linear(width, width) };
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => first.call(x);
            }
            """,
            Diagnostic("DECL001", "alias", "'rest[i].weight' is [2 * width, width] but 'first.weight', owner of shared group 'layer', is [width, width]", "owner"));
    }

    [Fact]
    public void Static_helpers_that_build_modules_are_followed()
    {
        Verify("""
            public sealed record LayerConfig(long Hidden, int Layers);

            public sealed class Layer : Module<Tensor, Tensor>
            {
                private readonly Linear attention;
                private readonly Linear ffn;

                public Layer(LayerConfig config) : base(nameof(Layer))
                {
                    attention = Linear(config.Hidden, config.Hidden);
                    ffn = Linear(config.Hidden, 4 * config.Hidden);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => ffn.call(attention.call(x));
            }

            public partial class Encoders : Module<Tensor, Tensor>
            {
                [Shared("layer")] private readonly ModuleList<Layer> layers;
                [{|owner:Shared("twin")|}] private readonly Sequential left;
                [{|alias:Shared("twin")|}] private readonly Sequential right;

                public Encoders(LayerConfig config, long input) : base(nameof(Encoders))
                {
                    layers = NewLayers(config);
                    left = Encoder(input, config.Hidden);
                    right = Encoder(input, 2 * config.Hidden);
                    RegisterComponents();
                }

                private static ModuleList<Layer> NewLayers(LayerConfig config)
                {
                    var layers = new ModuleList<Layer>();
                    for (int i = 0; i < config.Layers; i++)
                        layers.Add(new Layer(config));
                    return layers;
                }

                private static Sequential Encoder(long input, long hidden) => Sequential(Linear(input, hidden), ReLU(), Linear(hidden, hidden));

                public override Tensor forward(Tensor x) => right.call(left.call(x));
            }
            """,
            Diagnostic("DECL001", "alias", "'right.0.weight' is [2 * config.Hidden, input] but 'left.0.weight', owner of shared group 'twin', is [config.Hidden, input]", "owner"));
    }

    [Fact]
    public void Unknown_shapes_give_no_error()
    {
        Verify("""
            public partial class Opaque : Module<Tensor, Tensor>
            {
                [Shared("k", Member = "weight")] private readonly Linear a;
                [Shared("k", Member = "weight")] private readonly Linear b;
                [Shared("m", Member = "weight")] private readonly Linear c;
                [Shared("m", Member = "weight")] private readonly Linear d;

                public Opaque(long width, bool wide, Func<long, Linear> make) : base(nameof(Opaque))
                {
                    a = make(width);
                    b = Linear(width, 3 * width);
                    c = Linear(width, Math.Max(width, 4));
                    if (wide) d = Linear(width, 2 * width);
                    else d = Linear(width, width);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => d.call(c.call(b.call(a.call(x))));
            }
            """);
    }
}
