using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Declarative.Runtime.Tests.Models;

/// <summary>A teacher with two hidden layers of width 8.</summary>
public class TeacherNet : Module<Tensor, Tensor>
{
    private readonly Linear hidden1;
    private readonly Linear hidden2;
    private readonly Linear output;

    public TeacherNet() : base(nameof(TeacherNet))
    {
        hidden1 = Linear(4, 8);
        hidden2 = Linear(8, 8);
        output = Linear(8, 3);
        RegisterComponents();
    }

    public Linear Hidden1 => hidden1;
    public Linear Hidden2 => hidden2;
    public Linear Output => output;

    public override Tensor forward(Tensor x) => output.call(functional.relu(hidden2.call(functional.relu(hidden1.call(x)))));
}

/// <summary>A narrower student (width 5) with a projection to the teacher's width, declared as its field.</summary>
public class StudentNet : Module<Tensor, Tensor>
{
    private readonly Linear hidden;
    private readonly Linear output;
    private readonly Linear toTeacher;

    public StudentNet(long projectionWidth = 8) : base(nameof(StudentNet))
    {
        hidden = Linear(4, 5);
        output = Linear(5, 3);
        toTeacher = Linear(5, projectionWidth);
        RegisterComponents();
    }

    public Linear Hidden => hidden;
    public Linear Output => output;
    public Linear ToTeacher => toTeacher;

    public override Tensor forward(Tensor x) => output.call(functional.relu(hidden.call(x)));
}

/// <summary>A student that invokes its hidden layer with forward(), which runs no hooks.</summary>
public class ForwardCallingStudent : Module<Tensor, Tensor>
{
    private readonly Linear hidden;
    private readonly Linear output;

    public ForwardCallingStudent() : base(nameof(ForwardCallingStudent))
    {
        hidden = Linear(4, 8);
        output = Linear(8, 3);
        RegisterComponents();
    }

    public Linear Hidden => hidden;

    public override Tensor forward(Tensor x) => output.call(functional.relu(hidden.forward(x)));
}

/// <summary>A student that runs its hidden layer twice per pass.</summary>
public class RecurrentStudent : Module<Tensor, Tensor>
{
    private readonly Linear hidden;
    private readonly Linear input;
    private readonly Linear output;

    public RecurrentStudent() : base(nameof(RecurrentStudent))
    {
        input = Linear(4, 8);
        hidden = Linear(8, 8);
        output = Linear(8, 3);
        RegisterComponents();
    }

    public Linear Hidden => hidden;

    public override Tensor forward(Tensor x) => output.call(hidden.call(functional.tanh(hidden.call(input.call(x)))));
}
