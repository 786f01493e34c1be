namespace Declarative.Analyzers.Tests.Corpus;

/// <summary>
/// Correct models that use every feature the analyzers and the generator read: the seeds that the robustness corpus
/// breaks in many ways. They must themselves be free of diagnostics.
/// </summary>
public static class Seeds
{
    public const string LanguageModel = """
        using System;
        using Declarative;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        namespace Corpus;

        public sealed record GptConfig(long Vocab, long Dim, int Heads, int Layers);

        public sealed class Block : Module<Tensor, Tensor>
        {
            private readonly LayerNorm norm1;
            private readonly MultiheadAttention attention;
            private readonly LayerNorm norm2;
            private readonly Sequential ffn;

            public Block(long dim, long heads) : base(nameof(Block))
            {
                norm1 = LayerNorm(dim);
                attention = MultiheadAttention(dim, heads);
                norm2 = LayerNorm(new[] { dim });
                ffn = Sequential(("up", Linear(dim, 4 * dim)), ("act", GELU()), ("down", Linear(4 * dim, dim)));
                RegisterComponents();
            }

            public override Tensor forward(Tensor x) => ffn.call(norm2.call(x + norm1.call(x)));
        }

        public partial class Gpt : Module<Tensor, Tensor>
        {
            [Shared("vocab", Member = "weight")] private readonly Embedding embed;
            [Shared("vocab", Member = "weight")] private readonly Linear head;
            [Shared("block")] private readonly Block first;
            [Shared("block")] private readonly ModuleList<Block> rest;
            private readonly Embedding positions;

            public Gpt(GptConfig cfg) : this(cfg.Vocab, cfg.Dim, cfg.Heads, cfg.Layers) { }

            public Gpt(long vocab, long dim, long heads, int layers) : base(nameof(Gpt))
            {
                embed = Embedding(vocab, dim);
                positions = Embedding(1024, dim);
                first = new Block(dim, heads);
                rest = new ModuleList<Block>();
                for (int i = 1; i < layers; i++)
                    rest.Add(new Block(dim, heads));
                head = Linear(dim, vocab, hasBias: false);
                RegisterComponents();
            }

            public override Tensor forward(Tensor tokens)
            {
                var x = embed.call(tokens);
                x = first.call(x);
                foreach (var block in rest) x = block.call(x);
                return head.call(x);
            }
        }
        """;

    public const string Vision = """
        using Declarative;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        namespace Corpus;

        public partial class Siamese : Module<Tensor, Tensor, Tensor>
        {
            private const long Channels = 16;
            [Shared("twin")] private readonly Sequential left;
            [Shared("twin")] private readonly Sequential right;
            [Shared("kernel", Member = "weight")] private readonly Conv2d c1 = Conv2d(3, Channels, (3, 3), groups: 1);
            [Shared("kernel", Member = "weight")] private readonly Conv2d c2 = Conv2d(3, Channels, 3);
            [Shared("norm")] private readonly BatchNorm2d n1 = BatchNorm2d(Channels);
            [Shared("norm")] private readonly BatchNorm2d n2 = BatchNorm2d(Channels, momentum: 0.2);
            [Shared("groups", Member = "weight")] private readonly GroupNorm g1 = GroupNorm(4, Channels);
            [Shared("groups")] private readonly Parameter g2 = Parameter(torch.ones(Channels));

            public Siamese(long input, long hidden) : base(nameof(Siamese))
            {
                left = Sequential(Linear(input, hidden), BatchNorm1d(hidden), ReLU(), Linear(hidden, hidden));
                right = Sequential(Linear(input, hidden), BatchNorm1d(hidden), ReLU(), Linear(hidden, hidden));
                RegisterComponents();
            }

            public override Tensor forward(Tensor a, Tensor b) => (left.call(a) - right.call(b)).square().sum(1);
        }

        public partial class Autoencoder : Module<Tensor, Tensor>
        {
            [Shared("codec", Member = "weight")] private readonly Linear encoder;
            [Shared("codec", Member = "weight", Transpose = true)] private readonly Linear decoder;
            [Shared("scale")] private readonly Parameter s1;
            [Shared("scale")] private readonly Parameter s2;

            public Autoencoder(long input = 784, long code = 32) : base(nameof(Autoencoder))
            {
                encoder = Linear(input, code);
                decoder = Linear(code, input);
                s1 = Parameter(torch.randn(new long[] { code, 2 }) * 0.02);
                s2 = new Parameter(torch.zeros(code, 2, dtype: ScalarType.Float32));
                RegisterComponents();
            }

            public override Tensor forward(Tensor x) => decoder.call(functional.relu(encoder.call(x)));
        }
        """;

    public const string Tying = """
        using System;
        using Declarative;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        namespace Corpus;

        public partial class Towers : Module<Tensor, Tensor>
        {
            [Tied("tower", Lambda = 0.1)] private readonly Linear towerA;
            [Tied("tower", Lambda = 0.1)] private readonly Linear towerB;
            [Tied("rnn", Lambda = 1e-3, Norm = TieNorm.L1, Member = "weight_hh_l1")] private readonly LSTM lstmA = LSTM(8, 16, numLayers: 2);
            [Tied("rnn", Lambda = 1e-3, Norm = TieNorm.L1, Member = "weight_hh_l0_reverse")] private readonly LSTM lstmB = LSTM(4, 16, bidirectional: true);
            [Tied("gates", Lambda = 0.5, Member = "weight")] private readonly Linear[] gates;
            [Tied("bilinear", Lambda = 2)] private readonly Bilinear mix = Bilinear(4, 5, 6);

            public Towers(long input, long hidden) : base(nameof(Towers))
            {
                var width = hidden / 2 * 2;
                towerA = Linear(input, width);
                towerB = Linear(input, width);
                gates = new Linear[3];
                for (int i = 0; i < gates.Length; i++)
                    gates[i] = Linear(hidden, hidden);
                RegisterComponents();
            }

            public override Tensor forward(Tensor x) => towerA.call(x) + towerB.call(x);
        }

        public partial class Student : Module<Tensor, Tensor>
        {
            [Tied("tower", Lambda = 0.1)] private readonly Linear tower;
            public Student(long input, long hidden) : base(nameof(Student))
            {
                tower = Linear(input, hidden / 2 * 2);
                RegisterComponents();
            }
            public override Tensor forward(Tensor x) => tower.call(x);
        }

        public static class Training
        {
            public static Tensor Penalty(long input, long hidden)
            {
                var teacher = new Towers(input, hidden);
                var student = new Student(input, hidden);
                return teacher.TyingPenalty() + student.TyingPenalty() + Declarative.Tying.Penalty(teacher, student);
            }
        }
        """;

    public const string Partial = """
        using Declarative;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        namespace Corpus.Nested
        {
            public static partial class Zoo
            {
                internal partial class Twins<TTag> : Module<Tensor, Tensor>
                {
                    [Shared("twin")] private readonly Linear a;
                    [Shared("twin")] private readonly Linear b;
                    [Shared("emb", Member = "weight")] private readonly EmbeddingBag bag = EmbeddingBag(100, 8);
                    [Shared("emb", Member = "weight")] private readonly Embedding table = Embedding(100, 8, padding_idx: 0);
                    [Shared("t", Member = "weight")] private readonly ConvTranspose1d up = ConvTranspose1d(8, 4, 3);
                    [Shared("t", Member = "weight")] private readonly ConvTranspose1d up2 = ConvTranspose1d(8, 4, 3, stride: 2);

                    public Twins() : this(2) { }

                    private Twins(long width) : base("Twins")
                    {
                        a = Linear(width, width);
                        b = Linear(width, width, dtype: null);
                        RegisterComponents();
                    }

                    public override Tensor forward(Tensor x) => b.call(a.call(x));
                }
            }
        }
        """;

    /// <summary>
    /// The idioms of real-world code that inference follows: out arguments through helpers, instance helpers that
    /// assign members, branches and switches, ?? defaults, lists and spreads, locals assigned again.
    /// </summary>
    public const string Idioms = """
        using System;
        using System.Collections.Generic;
        using Declarative;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        namespace Corpus;

        public enum Kind { Plain, NoBias }

        public partial class Idioms : Module<Tensor, Tensor>
        {
            private long inPlanes = 16;
            [Shared("head", Member = "weight")] private readonly Embedding embed;
            [Shared("head", Member = "weight")] private readonly Linear head;
            [Tied("stage", Lambda = 0.01, Member = "0.weight")] private readonly Module<Tensor, Tensor> stage1;
            [Tied("stage", Lambda = 0.01, Member = "0.weight")] private readonly Module<Tensor, Tensor> stage2;
            [Shared("proj", Member = "weight")] private readonly Linear left;
            [Shared("proj", Member = "weight")] private readonly Linear right;
            [Shared("stem", Member = "conv.weight")] private readonly Sequential stemA;
            [Shared("stem", Member = "conv.weight")] private readonly Sequential stemB;

            public Idioms(long vocab, long dim, long heads, bool bias, Kind kind, long? hidden = null) : base(nameof(Idioms))
            {
                this.Register(out this.embed, Embedding(vocab, dim));
                Register(out head, Linear(dim, vocab, hasBias: false));
                long width = hidden ?? 4 * dim;
                width = 2 * width / 3;
                width += heads - width % heads;
                stage1 = Stage(width);
                inPlanes = 16;
                stage2 = Stage(width);
                if (bias)
                    left = Linear(dim, heads * (dim / heads));
                else
                {
                    left = Linear(dim, heads * (dim / heads), hasBias: false);
                }
                right = kind switch
                {
                    Kind.Plain => Linear(dim, dim),
                    Kind.NoBias => Linear(dim, dim, hasBias: false),
                    _ => throw new ArgumentOutOfRangeException(nameof(kind)),
                };
                var layers = new List<(string, Module<Tensor, Tensor>)>();
                layers.Add(("conv", Conv2d(3, 16, 3, bias: false)));
                layers.Add(("act", ReLU()));
                stemA = Sequential(layers);
                Module<Tensor, Tensor>[] tail = [ReLU()];
                stemB = Sequential([("conv", Conv2d(3, 16, 3, bias: false)), .. Named(tail)]);
                RegisterComponents();
            }

            private void Register<T>(out T field, T module) where T : Module => field = module;

            private Module<Tensor, Tensor> Stage(long planes)
            {
                var blocks = new List<Module<Tensor, Tensor>>();
                blocks.Add(Conv2d(inPlanes, planes, 3));
                inPlanes = planes;
                return Sequential(blocks);
            }

            private static (string, Module<Tensor, Tensor>)[] Named(Module<Tensor, Tensor>[] modules)
                => new[] { ("act", modules[0]) };

            public override Tensor forward(Tensor x) => head.call(embed.call(x));
        }
        """;

    public static readonly (string Name, string Source)[] All =
    {
        (nameof(LanguageModel), LanguageModel),
        (nameof(Vision), Vision),
        (nameof(Tying), Tying),
        (nameof(Partial), Partial),
        (nameof(Idioms), Idioms),
    };
}
