using Xunit;
using static Declarative.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace Declarative.Analyzers.Tests;

/// <summary>DECL012, DECL013, DECL020, DECL023: the class that holds the annotated fields.</summary>
public class ModelDeclarationTests
{
    [Fact]
    public void The_model_and_every_enclosing_type_must_be_partial()
    {
        Verify("""
            public class {|model:NotPartial|} : Module<Tensor, Tensor>
            {
                [Shared("k")] private readonly Linear a = Linear(2, 2);
                [Shared("k")] private readonly Linear b = Linear(2, 2);
                public NotPartial() : base("m") { RegisterComponents(); }
                public override Tensor forward(Tensor x) => b.call(a.call(x));
            }

            public static class {|outer:Zoo|}
            {
                public partial class Inner : Module<Tensor, Tensor>
                {
                    [Shared("k")] private readonly Linear a = Linear(2, 2);
                    [Shared("k")] private readonly Linear b = Linear(2, 2);
                    public Inner() : base("m") { RegisterComponents(); }
                    public override Tensor forward(Tensor x) => b.call(a.call(x));
                }
            }

            public partial class Plain : Module<Tensor, Tensor>
            {
                private readonly Linear a = Linear(2, 2);
                public Plain() : base("m") { RegisterComponents(); }
                public override Tensor forward(Tensor x) => a.call(x);
            }
            """,
            Diagnostic("DECL012", "model", "'NotPartial' must be partial for the generator to add the sharing and tying code of 'NotPartial'"),
            Diagnostic("DECL012", "outer", "'Zoo' must be partial for the generator to add the sharing and tying code of 'Inner'"));
    }

    [Fact]
    public void The_model_must_be_a_TorchSharp_module()
    {
        Verify("""
            public partial class {|model:NotAModule|}
            {
                [Shared("k")] private readonly Linear a = Linear(2, 2);
                [Shared("k")] private readonly Linear b = Linear(2, 2);
            }

            public abstract class Base : Module<Tensor, Tensor>
            {
                protected Base() : base("base") { }
            }

            public partial class Derived : Base
            {
                [Shared("k")] private readonly Linear a = Linear(2, 2);
                [Shared("k")] private readonly Linear b = Linear(2, 2);
                public Derived() { RegisterComponents(); }
                public override Tensor forward(Tensor x) => b.call(a.call(x));
            }
            """,
            Diagnostic("DECL013", "model", "'NotAModule' has [Shared] or [Tied] fields but does not derive from TorchSharp's torch.nn.Module"));
    }

    [Fact]
    public void Members_the_generator_adds_must_not_be_declared_by_the_model()
    {
        Verify("""
            public partial class Custom : Module<Tensor, Tensor>
            {
                [Shared("k")] private readonly Linear a = Linear(2, 2);
                [Shared("k")] private readonly Linear b = Linear(2, 2);
                public Custom() : base("m") { RegisterComponents(); }
                public override IEnumerable<(string name, Parameter parameter)> {|named:named_parameters|}(bool recurse = true) => base.named_parameters(recurse);
                public void {|load:load|}(string path) { }
                public override Tensor forward(Tensor x) => b.call(a.call(x));
            }
            """,
            Diagnostic("DECL023", "named", "'Custom' declares named_parameters itself, so the generator cannot add the sharing and tying code"),
            Diagnostic("DECL023", "load", "'Custom' declares load itself, so the generator cannot add the sharing and tying code"));
    }

    [Fact]
    public void Every_constructor_must_reach_RegisterComponents()
    {
        Verify("""
            public sealed record Config(long Width);

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

                public Model(Config config) : this(config.Width) { }

                public Model(int width, bool viaHelper) : base(nameof(Model))
                {
                    a = Linear(width, width);
                    b = Linear(width, width);
                    Finish();
                }

                public {|missing:Model|}() : base(nameof(Model))
                {
                    a = Linear(2, 2);
                    b = Linear(2, 2);
                }

                public Model(short width) : base(nameof(Model)) => this.RegisterComponents();

                private void Finish() => RegisterComponents();

                public override Tensor forward(Tensor x) => b.call(a.call(x));
            }

            public abstract partial class Base : Module<Tensor, Tensor>
            {
                [Shared("k")] protected Linear a = Linear(2, 2);
                [Shared("k")] protected Linear b = Linear(2, 2);
                protected Base() : base(nameof(Base)) { }
            }

            public sealed class Derived : Base
            {
                public Derived(long width)
                {
                    a = Linear(width, width);
                    b = Linear(width, width);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => b.call(a.call(x));
            }

            public partial class {|implicit:Implicit|}() : Module<Tensor, Tensor>("implicit")
            {
                [Shared("k")] private readonly Linear a = Linear(2, 2);
                [Shared("k")] private readonly Linear b = Linear(2, 2);
                public override Tensor forward(Tensor x) => b.call(a.call(x));
            }
            """,
            Diagnostic("DECL020", "missing", "Constructor 'Model()' never calls RegisterComponents(), so the fields of 'Model' are not registered, shared or tied"),
            Diagnostic("DECL020", "implicit", "Constructor 'Implicit()' never calls RegisterComponents(), so the fields of 'Implicit' are not registered, shared or tied"));
    }
}
