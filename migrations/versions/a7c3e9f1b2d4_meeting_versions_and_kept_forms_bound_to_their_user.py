"""Meetings carry a version for optimistic locking; kept forms are bound to the user they were kept for

Revision ID: a7c3e9f1b2d4
Revises: 5c0e8f2a9d41
Create Date: 2026-12-04 16:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e9f1b2d4'
down_revision = '5c0e8f2a9d41'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    # Kept forms live for a day and cannot be given to an owner they never had: drop them.
    op.execute("DELETE FROM form_stashes")
    with op.batch_alter_table('form_stashes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_form_stashes_user_id_users'), 'users', ['user_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_form_stashes_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('form_stashes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_stashes_user_id'))
        batch_op.drop_constraint(batch_op.f('fk_form_stashes_user_id_users'), type_='foreignkey')
        batch_op.drop_column('user_id')

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_column('version')
