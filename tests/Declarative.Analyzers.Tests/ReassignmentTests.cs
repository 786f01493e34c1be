using System.Collections.Immutable;
using Declarative.Analyzers.Tests.Infrastructure;
using Xunit;
using static Declarative.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace Declarative.Analyzers.Tests;

/// <summary>DECL019: a shared field assigned after RegisterComponents() or outside construction is no longer shared.</summary>
public class ReassignmentTests
{
    [Fact]
    public void Assignments_after_RegisterComponents_or_outside_construction_break_the_tie()
    {
        Verify("""
            public partial class Model : Module<Tensor, Tensor>
            {
                [Shared("vocab", Member = "weight")] internal Embedding embed;
                [Shared("vocab", Member = "weight")] internal Linear head;
                [Tied("t", Lambda = 0.1)] internal Linear tiedA = Linear(4, 4);
                [Tied("t", Lambda = 0.1)] internal Linear tiedB = Linear(4, 4);

                public Model(long vocab, long dim) : base(nameof(Model))
                {
                    embed = Embedding(vocab, dim);
                    head = Linear(dim, vocab);
                    RegisterComponents();
                    {|late:head|} = Linear(dim, vocab);
                }

                public Model(long vocab) : this(vocab, 16)
                {
                    {|chained:embed|} = Embedding(vocab, 16);
                }

                public void Reset(long vocab, long dim)
                {
                    {|reset:head.weight|} = new Parameter(torch.zeros(vocab, dim));
                    head.bias = new Parameter(torch.zeros(vocab));
                    tiedA = Linear(4, 4);
                }

                public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));
            }

            public static class Surgery
            {
                public static void Replace(Model model, long vocab, long dim) => {|outside:model.embed|} = Embedding(vocab, dim);
            }
            """,
            Diagnostic("DECL019", "late", "Shared field 'head' is assigned after RegisterComponents(); the new value is not shared in group 'vocab'"),
            Diagnostic("DECL019", "chained", "Shared field 'embed' is assigned after RegisterComponents(); the new value is not shared in group 'vocab'"),
            Diagnostic("DECL019", "reset", "Shared field 'head.weight' is assigned in 'Reset', outside construction; the new value is not shared in group 'vocab'"),
            Diagnostic("DECL019", "outside", "Shared field 'embed' is assigned in 'Surgery.Replace', outside construction; the new value is not shared in group 'vocab'"));
    }

    [Fact]
    public void Assignments_before_RegisterComponents_and_initializers_are_construction()
    {
        Verify("""
            public partial class Model : Module<Tensor, Tensor>
            {
                [Shared("k")] private Linear a = Linear(2, 2);
                [Shared("k")] private Linear b;

                public Model(bool wide) : base(nameof(Model))
                {
                    b = Linear(2, 2);
                    if (wide) a = Linear(2, 2);
                    RegisterComponents();
                }

                public Model() : this(false) { }

                public override Tensor forward(Tensor x) => b.call(a.call(x));
            }
            """);
    }

    [Fact]
    public void Assignments_from_other_types_are_found_in_every_form_of_assignment()
    {
        Verify("""
            public partial class Model : Module<Tensor, Tensor>
            {
                [Shared("vocab", Member = "weight")] internal Embedding embed = Embedding(10, 4);
                [Shared("vocab", Member = "weight")] internal Linear head = Linear(4, 10);
                internal Linear free = Linear(4, 4);

                public Model() : base(nameof(Model)) { RegisterComponents(); }

                public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));
            }

            public class Surgeon
            {
                private Linear head = Linear(4, 10);

                public void Operate(Model model)
                {
                    {|coalesce:model.embed|} ??= Embedding(10, 4);
                    ({|tuple:model.head|}, model.free) = (Linear(4, 10), Linear(4, 4));
                    {|member:model.head.weight|} = new Parameter(torch.zeros(10, 4));
                    var built = new Model { {|initializer:embed|} = Embedding(10, 4) };
                    head = Linear(4, 10);
                    model.free = head;
                }
            }

            public class Deeper : Model
            {
                public Deeper() { }

                public void Reset() => {|inherited:head|} = Linear(4, 10);
            }
            """,
            Diagnostic("DECL019", "coalesce", "Shared field 'embed' is assigned in 'Surgeon.Operate', outside construction; the new value is not shared in group 'vocab'"),
            Diagnostic("DECL019", "tuple", "Shared field 'head' is assigned in 'Surgeon.Operate', outside construction; the new value is not shared in group 'vocab'"),
            Diagnostic("DECL019", "member", "Shared field 'head.weight' is assigned in 'Surgeon.Operate', outside construction; the new value is not shared in group 'vocab'"),
            Diagnostic("DECL019", "initializer", "Shared field 'embed' is assigned in 'Surgeon.Operate', outside construction; the new value is not shared in group 'vocab'"),
            Diagnostic("DECL019", "inherited", "Shared field 'head' is assigned in 'Deeper.Reset', outside construction; the new value is not shared in group 'vocab'"));
    }

    [Fact]
    public void Assignments_to_shared_fields_of_a_referenced_assembly_are_found()
    {
        var library = TestCompilation.Library("Library", """
            namespace Library;

            public partial class Model : Module<Tensor, Tensor>
            {
                [Shared("twin")] public Linear left = Linear(4, 4);
                [Shared("twin")] public Linear right = Linear(4, 4);

                public Model() : base(nameof(Model)) { RegisterComponents(); }

                public override Tensor forward(Tensor x) => right.call(left.call(x));
            }
            """);

        Verify(ImmutableArray.Create(library), """
            public static class Surgery
            {
                public static void Replace(Library.Model model) => {|outside:model.right|} = Linear(4, 4);
            }
            """,
            Diagnostic("DECL019", "outside", "Shared field 'right' is assigned in 'Surgery.Replace', outside construction; the new value is not shared in group 'twin'"));
    }
}
