"""Reminders before the deadline: one row per reminder sent, and each round's reminder setting

Revision ID: 0b33286ac373
Revises: eb96a9098e31
Create Date: 2026-12-01 22:25:19.515048

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0b33286ac373'
down_revision = 'eb96a9098e31'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('deadline_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_to', sa.String(length=254), nullable=False),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_reminders_invitation_id_invitations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders')),
    sa.UniqueConstraint('invitation_id', 'deadline_at', name=op.f('uq_reminders_invitation_id_deadline_at'))
    )
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminders_invitation_id'), ['invitation_id'], unique=False)

    with op.batch_alter_table('consultations', schema=None) as batch_op:
        # Existing rounds get the default: a reminder three days before each deadline.
        batch_op.add_column(sa.Column('reminder_days', sa.Integer(), server_default='3', nullable=False))



def downgrade():
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_column('reminder_days')

    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminders_invitation_id'))

    op.drop_table('reminders')
