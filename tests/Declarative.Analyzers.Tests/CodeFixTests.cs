using Declarative.CodeFixes;
using Xunit;
using static Declarative.Analyzers.Tests.Infrastructure.CodeFixHarness;

namespace Declarative.Analyzers.Tests;

/// <summary>Each code fix, before and after; the diagnostic it fixes is gone afterwards.</summary>
public class CodeFixTests
{
    [Fact]
    public void Make_partial_adds_the_modifier_before_the_keyword()
    {
        Verify(new MakePartialCodeFix(), "DECL012", """
            public sealed class Model : Module<Tensor, Tensor>
            {
                [Shared("k")] private readonly Linear a = Linear(2, 2);
                [Shared("k")] private readonly Linear b = Linear(2, 2);
                public Model() : base("m") { RegisterComponents(); }
                public override Tensor forward(Tensor x) => b.call(a.call(x));
            }
            """, """
            public sealed partial class Model : Module<Tensor, Tensor>
            {
                [Shared("k")] private readonly Linear a = Linear(2, 2);
                [Shared("k")] private readonly Linear b = Linear(2, 2);
                public Model() : base("m") { RegisterComponents(); }
                public override Tensor forward(Tensor x) => b.call(a.call(x));
            }
            """);
    }

    [Fact]
    public void Make_partial_works_on_a_declaration_without_modifiers()
    {
        Verify(new MakePartialCodeFix(), "DECL012", """
            namespace Samples
            {
                class Model : Module<Tensor, Tensor>
                {
                    [Shared("k")] private readonly Linear a = Linear(2, 2);
                    [Shared("k")] private readonly Linear b = Linear(2, 2);
                    public Model() : base("m") { RegisterComponents(); }
                    public override Tensor forward(Tensor x) => b.call(a.call(x));
                }
            }
            """, """
            namespace Samples
            {
                partial class Model : Module<Tensor, Tensor>
                {
                    [Shared("k")] private readonly Linear a = Linear(2, 2);
                    [Shared("k")] private readonly Linear b = Linear(2, 2);
                    public Model() : base("m") { RegisterComponents(); }
                    public override Tensor forward(Tensor x) => b.call(a.call(x));
                }
            }
            """);
    }

    [Fact]
    public void Add_RegisterComponents_appends_the_call_to_the_constructor()
    {
        Verify(new AddRegisterComponentsCodeFix(), "DECL020", """
            public partial class Model : Module<Tensor, Tensor>
            {
                [Shared("k")] private readonly Linear a;
                [Shared("k")] private readonly Linear b;

                public Model(long width) : base(nameof(Model))
                {
                    a = Linear(width, width);
                    b = Linear(width, width);
                }

                public override Tensor forward(Tensor x) => b.call(a.call(x));
            }
            """, """
            public partial class Model : Module<Tensor, Tensor>
            {
                [Shared("k")] private readonly Linear a;
                [Shared("k")] private readonly Linear b;

                public Model(long width) : base(nameof(Model))
                {
                    a = Linear(width, width);
                    b = Linear(width, width);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => b.call(a.call(x));
            }
            """);
    }

    [Fact]
    public void Add_RegisterComponents_turns_an_expression_body_into_a_block()
    {
        Verify(new AddRegisterComponentsCodeFix(), "DECL020", """
            public partial class Model : Module<Tensor, Tensor>
            {
                [Shared("k")] private readonly Linear a = Linear(2, 2);
                [Shared("k")] private readonly Linear b = Linear(2, 2);

                public Model() : base(nameof(Model)) => Console.WriteLine("built");

                public override Tensor forward(Tensor x) => b.call(a.call(x));
            }
            """, """
            public partial class Model : Module<Tensor, Tensor>
            {
                [Shared("k")] private readonly Linear a = Linear(2, 2);
                [Shared("k")] private readonly Linear b = Linear(2, 2);

                public Model() : base(nameof(Model))
                {
                    Console.WriteLine("built");
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => b.call(a.call(x));
            }
            """);
    }

    [Fact]
    public void Swap_Linear_sizes_makes_the_head_the_embedding_shape()
    {
        Verify(new SwapLinearSizesCodeFix(), "DECL001", """
            public partial class LanguageModel : Module<Tensor, Tensor>
            {
                [Shared("vocab", Member = "weight")] private readonly Embedding embed;
                [Shared("vocab", Member = "weight")] private readonly Linear head;

                public LanguageModel(long vocab, long dim) : base(nameof(LanguageModel))
                {
                    embed = Embedding(vocab, dim);
                    head = Linear(vocab, dim, hasBias: false);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));
            }
            """, """
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
    public void Swap_Linear_sizes_keeps_argument_names_and_fixes_the_file_that_creates_the_field()
    {
        Verify(new SwapLinearSizesCodeFix(), "DECL001",
            new[]
            {
                ("Fields.cs", """
                    public partial class Twins : Module<Tensor, Tensor>
                    {
                        [Shared("w")] private readonly Linear left;
                        [Shared("w")] private readonly Linear right;
                        public override Tensor forward(Tensor x) => right.call(left.call(x));
                    }
                    """),
                ("Constructor.cs", """
                    public partial class Twins
                    {
                        public Twins(long input, long output) : base(nameof(Twins))
                        {
                            left = Linear(inputSize: input, outputSize: output);
                            var made = Linear(outputSize: input, inputSize: output);
                            right = made;
                            RegisterComponents();
                        }
                    }
                    """),
            },
            new[]
            {
                ("Constructor.cs", """
                    public partial class Twins
                    {
                        public Twins(long input, long output) : base(nameof(Twins))
                        {
                            left = Linear(inputSize: input, outputSize: output);
                            var made = Linear(outputSize: output, inputSize: input);
                            right = made;
                            RegisterComponents();
                        }
                    }
                    """),
            });
    }

    [Fact]
    public void Set_Transpose_marks_the_exact_transpose()
    {
        Verify(new SetTransposeCodeFix(), "DECL001", """
            public partial class Autoencoder : Module<Tensor, Tensor>
            {
                [Shared("codec", Member = "weight")] private readonly Linear encoder = Linear(784, 32);
                [Shared("codec", Member = "weight")] private readonly Linear decoder = Linear(32, 784);

                public Autoencoder() : base(nameof(Autoencoder)) { RegisterComponents(); }

                public override Tensor forward(Tensor x) => decoder.call(encoder.call(x));
            }
            """, """
            public partial class Autoencoder : Module<Tensor, Tensor>
            {
                [Shared("codec", Member = "weight")] private readonly Linear encoder = Linear(784, 32);
                [Shared("codec", Member = "weight", Transpose = true)] private readonly Linear decoder = Linear(32, 784);

                public Autoencoder() : base(nameof(Autoencoder)) { RegisterComponents(); }

                public override Tensor forward(Tensor x) => decoder.call(encoder.call(x));
            }
            """);
    }

    [Fact]
    public void Replace_key_uses_the_suggested_key()
    {
        Verify(new ReplaceKeyCodeFix(), "DECL008", """
            public partial class Towers : Module<Tensor, Tensor>
            {
                [Tied("tower", Lambda = 0.1)] private readonly Linear a = Linear(4, 4);
                [Tied("tower", Lambda = 0.1)] private readonly Linear b = Linear(4, 4);
                [Tied("towr", Lambda = 0.1)] private readonly Linear c = Linear(4, 4);

                public Towers() : base(nameof(Towers)) { RegisterComponents(); }

                public override Tensor forward(Tensor x) => a.call(x) + b.call(x) + c.call(x);
            }
            """, """
            public partial class Towers : Module<Tensor, Tensor>
            {
                [Tied("tower", Lambda = 0.1)] private readonly Linear a = Linear(4, 4);
                [Tied("tower", Lambda = 0.1)] private readonly Linear b = Linear(4, 4);
                [Tied("tower", Lambda = 0.1)] private readonly Linear c = Linear(4, 4);

                public Towers() : base(nameof(Towers)) { RegisterComponents(); }

                public override Tensor forward(Tensor x) => a.call(x) + b.call(x) + c.call(x);
            }
            """);
    }
}
