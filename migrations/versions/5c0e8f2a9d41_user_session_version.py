"""Users' session version: raised on logout and password change, it ends every session of the user

Revision ID: 5c0e8f2a9d41
Revises: e1d1218d5e5f
Create Date: 2026-12-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c0e8f2a9d41'
down_revision = 'e1d1218d5e5f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        # Sessions issued before this revision carry a bare id, which the user loader no longer accepts.
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')
